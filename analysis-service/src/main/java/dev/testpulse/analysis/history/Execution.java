package dev.testpulse.analysis.history;

import java.time.Instant;

/**
 * One execution of a test as the history shows it. {@code flaky}: the test tool marked it flaky. {@code run.url}
 * links to the CI run's page when the upload gave one.
 */
public record Execution(String id, String status, long durationMs, Instant observedAt, Run run, int retry, boolean flaky,
        Failure failure) {

    public record Run(String pipeline, String id, int attempt, String job, String commit, String branch, String url) {
    }

    public record Failure(String type, String message) {
    }
}
