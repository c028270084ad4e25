package dev.testpulse.ingest.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.testpulse.ingest.outcome.TextRepair;

/**
 * An outcome as a client sends it: the v1 shape with everything optional that ingest can default
 * ({@code id}, {@code pipeline}, {@code attempt}, {@code retry}, {@code observed_at}, {@code flaky}, {@code muted}).
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
        Boolean flaky,
        Boolean muted) {

    /** An outcome without the reporter's muted mark: what a report upload makes (no report format carries it). */
    public IncomingOutcome(String id, String project, String pipeline, Run run, String suite, Test test, String status, Long durationMs,
            Failure failure, Integer retry, Instant observedAt, Boolean flaky) {
        this(id, project, pipeline, run, suite, test, status, durationMs, failure, retry, observedAt, flaky, null);
    }

    /**
     * The same outcome with every name and text repaired ({@link TextRepair}): what the checks, the id and the
     * published record see. {@code id} and {@code project} are left alone: their patterns refuse any oddity.
     */
    IncomingOutcome repaired() {
        return new IncomingOutcome(id, project, TextRepair.name(pipeline), run == null ? null : run.repaired(),
                TextRepair.name(suite), test == null ? null : test.repaired(), status, durationMs,
                failure == null ? null : failure.repaired(), retry, observedAt, flaky, muted);
    }

    /** {@code url}: optional link to the CI run's page; {@link RunUrl} decides what passes. */
    public record Run(String id, Integer attempt, String job, String commit, String branch, Instant startedAt, String url) {

        public Run(String id, Integer attempt, String job, String commit, String branch, Instant startedAt) {
            this(id, attempt, job, commit, branch, startedAt, null);
        }

        Run repaired() {
            return new Run(TextRepair.name(id), attempt, TextRepair.name(job), TextRepair.name(commit),
                    TextRepair.name(branch), startedAt, TextRepair.name(url));
        }
    }

    public record Test(@JsonProperty("class") String className, String name, String file, List<String> tags) {

        Test repaired() {
            // Stream.toList keeps null elements, which the tag check then names.
            return new Test(TextRepair.name(className), TextRepair.name(name), TextRepair.name(file),
                    tags == null ? null : tags.stream().map(TextRepair::name).toList());
        }
    }

    public record Failure(String type, String message, String trace) {

        Failure repaired() {
            return new Failure(TextRepair.name(type), TextRepair.text(message), TextRepair.text(trace));
        }
    }
}
