package dev.testpulse.ingest;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The business settings of ingest-service ({@code testpulse.ingest.*} in application.properties). */
@ConfigMapping(prefix = "testpulse.ingest")
public interface IngestConfig {

    /** How long a request waits for Kafka to acknowledge all its outcomes before it answers 503. */
    @WithDefault("15s")
    Duration publishTimeout();

    /** Seconds a client is told to wait (Retry-After) before retrying after a 503. */
    @WithDefault("10")
    int retryAfterSeconds();

    /** The largest request body accepted, answered 413 problem+json beyond it. */
    @WithDefault("50M")
    MemorySize maxBodySize();

    /**
     * The most bytes of uploads (report files, JSON and NDJSON bodies) parsed and published at once; further uploads
     * wait for room ({@link #reportBudgetWait()}). Unset: an eighth of the maximum heap (32 MB of a 256 MB heap).
     */
    Optional<MemorySize> reportBudget();

    /** How long an upload waits for room in the report budget before it is answered 503 with Retry-After. */
    @WithDefault("10s")
    Duration reportBudgetWait();

    /** How many outcomes of one request may wait for their acknowledgement at once; bounds memory per request. */
    @WithDefault("1024")
    int maxInFlightPerRequest();

    /** Longest failure message kept, in UTF-8 bytes; longer ones are truncated, not rejected. */
    @WithDefault("4096")
    int maxMessageLength();

    /** Longest stack trace kept, in UTF-8 bytes; longer ones are truncated, not rejected. */
    @WithDefault("8192")
    int maxTraceLength();

    /**
     * The oldest event time kept (observed_at, run.started_at), as long as analysis-service keeps aggregates
     * ({@code testpulse.analysis.aggregate-retention}): older ones count nowhere. A time the caller states (JSON,
     * NDJSON, {@code ?started_at=}) older than this is refused with 422; one a report file claims is replaced by the
     * upload's time, with a warning.
     */
    @WithDefault("400d")
    Duration maxAge();

    /**
     * analysis-service's base URL ({@code TESTPULSE_INGEST_ANALYSIS_URL}), to which {@code GET
     * /api/v1/projects/{project}/quarantine} is passed on, so that a build's reporter needs ingest's URL alone. Unset:
     * that endpoint answers 503 and builds run every test normally.
     */
    Optional<String> analysisUrl();

    /** How long ingest waits for analysis's quarantine list: less than the reporter's own 2 s bound. */
    @WithDefault("1500ms")
    Duration analysisTimeout();

    /**
     * The older name of {@code testpulse.admin-token} ({@code TESTPULSE_INGEST_ADMIN_TOKEN}), still honoured when the new
     * one is unset (see {@code AdminToken}). Declared here only so that the mapping accepts it; never read from here.
     */
    @Deprecated
    Optional<String> adminToken();
}
