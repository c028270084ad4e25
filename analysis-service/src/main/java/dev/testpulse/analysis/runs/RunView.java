package dev.testpulse.analysis.runs;

import java.time.Instant;

/** A run (one job of it, when it named jobs) as the query API shows it: its state and what arrived of it so far. */
public record RunView(String project, String pipeline, String runId, int attempt, String job, String branch, String commit,
        String state, long outcomes, long passed, long failed, Instant firstAt, Instant lastAt, Instant finishedAt, String finishedBy) {
}
