package dev.testpulse.analysis.alerts.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Projects whose inbox evaluation failed for a reason that is neither a rule's (those are marked broken and skipped)
 * nor the database's: a bug, a payload that cannot be read. Their rows stay pending, and the project is tried again
 * after a pause that doubles with each failure in a row (up to {@code longest}), so a failure that repeats costs a
 * log line and a try now and then, not a hot loop; the other projects go on being evaluated.
 */
final class FailingProjects {

    private final Duration first;
    private final Duration longest;
    private final Map<String, Failing> failing = new HashMap<>();

    FailingProjects(Duration first, Duration longest) {
        this.first = first;
        this.longest = longest;
    }

    private record Failing(int inARow, Instant retryAt, String reason) {
    }

    /** Whether the project waits out its pause at {@code now}. */
    synchronized boolean waiting(String project, Instant now) {
        Failing f = failing.get(project);
        return f != null && now.isBefore(f.retryAt());
    }

    /** The project failed again: @return the pause before its next try */
    synchronized Duration failed(String project, Instant now, String reason) {
        int inARow = failing.containsKey(project) ? failing.get(project).inARow() + 1 : 1;
        Duration pause = first.multipliedBy(1L << Math.min(inARow - 1, 20));
        if (pause.compareTo(longest) > 0) {
            pause = longest;
        }
        failing.put(project, new Failing(inARow, now.plus(pause), reason));
        return pause;
    }

    synchronized void succeeded(String project) {
        failing.remove(project);
    }

    /** What readiness shows: the failing projects and why, or null when none fails. */
    synchronized String summary() {
        if (failing.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        failing.forEach((project, f) -> text.append(text.isEmpty() ? "" : "; ").append(project).append(" failed ").append(f.inARow())
                .append("x in a row, next try ").append(f.retryAt()).append(": ").append(f.reason()));
        return text.toString();
    }
}
