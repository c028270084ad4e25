package dev.testpulse.analysis.runs;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A run (one job of it, when it named jobs) as the query API shows it: its state and what arrived of it so far. */
public record RunView(String project, String pipeline, String runId, int attempt, String job, String branch, String commit,
        String state, long outcomes, long passed, long failed, Instant firstAt, Instant lastAt, Instant finishedAt, String finishedBy,
        @Schema(description = "For a running run: the most tests (passed or failed) one of its job's last 5 finished runs "
                + "executed, what early alerts size it by; null when the job has no finished run, or the run finished")
        Long expectedTests) {

    RunView withExpectedTests(Long expected) {
        return new RunView(project, pipeline, runId, attempt, job, branch, commit, state, outcomes, passed, failed, firstAt, lastAt,
                finishedAt, finishedBy, expected);
    }
}
