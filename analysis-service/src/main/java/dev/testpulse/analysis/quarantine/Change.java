package dev.testpulse.analysis.quarantine;

import java.time.Instant;

/** A validated change of one test's state; {@code until} is null for a release. */
public record Change(TestKey key, TestState state, String reason, Instant until) {
}
