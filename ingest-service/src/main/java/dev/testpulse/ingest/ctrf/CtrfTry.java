package dev.testpulse.ingest.ctrf;

import dev.testpulse.ingest.report.ReportFailure;
import java.time.Instant;

/** One earlier try of a test from its {@code retryAttempts}, before the final result the test itself holds. */
record CtrfTry(CtrfStatus status, long durationMs, ReportFailure failure, Instant start) {
}
