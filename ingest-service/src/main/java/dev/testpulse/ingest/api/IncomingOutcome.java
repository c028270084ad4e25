package dev.testpulse.ingest.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An outcome as a client sends it: the v1 shape with everything optional that ingest can default
 * ({@code id}, {@code pipeline}, {@code attempt}, {@code retry}, {@code observed_at}, {@code flaky}).
 * {@link OutcomeValidator} decides.
 */
public record IncomingOutcome(
        String id,
        String project,
        String pipeline,
        Run run,
        String suite,
        Test test,
        String status,
        Long durationMs,
        Failure failure,
        Integer retry,
        Instant observedAt,
        Boolean flaky) {

    public record Run(String id, Integer attempt, String commit, String branch, Instant startedAt) {
    }

    public record Test(@JsonProperty("class") String className, String name, String file, List<String> tags) {
    }

    public record Failure(String type, String message, String trace) {
    }
}
