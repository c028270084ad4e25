package dev.testpulse.analysis.insights;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A test that must not fail (tagged {@code critical} or named in the project's settings) and how it did in the window. */
public record CriticalTest(String suite, @JsonProperty("class") String className, String name, String lastStatus,
        Instant lastRun, long executions, long failures, Instant lastFailure, String lastFailureMessage) {

    public boolean healthy() {
        return failures == 0;
    }
}
