package dev.testpulse.analysis.alerts.evaluation;

import java.util.HashMap;
import java.util.Map;

/**
 * Which projects the alert clock found held by an evaluation, tick after tick. A held project is left to it (it steps
 * the project's series itself), but only so many ticks in a row: under sustained load a project may be held at
 * almost every tick, and the clock's own steps (a pending series firing by time alone) must still come. After
 * {@code patience} skips the clock waits for the project's lock once.
 */
final class BusyProjects {

    private final int patience;
    private final Map<String, Integer> skipped = new HashMap<>();

    BusyProjects(int patience) {
        this.patience = patience;
    }

    /** Whether the clock should wait for the project this tick rather than skip it. */
    synchronized boolean mustWait(String project) {
        return skipped.getOrDefault(project, 0) >= patience;
    }

    /** The project was held this tick and left to its batch. */
    synchronized void skipped(String project) {
        skipped.merge(project, 1, Integer::sum);
    }

    /** The clock stepped the project. */
    synchronized void stepped(String project) {
        skipped.remove(project);
    }
}
