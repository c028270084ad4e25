package dev.testpulse.ingest.junit;

import dev.testpulse.ingest.report.ReportFailure;
import dev.testpulse.ingest.outcome.Status;
import java.time.Instant;

/**
 * One execution inside a {@code <testcase>}: the main result, or one Surefire-style
 * flaky/rerun try. Duration and timestamp are null when the element does not carry its own.
 */
record Attempt(Status status, ReportFailure failure, Long durationMs, Instant timestamp) {
}
