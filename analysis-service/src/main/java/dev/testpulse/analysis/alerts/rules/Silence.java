package dev.testpulse.analysis.alerts.rules;

import java.time.Instant;

/** A mute: a fingerprint, or suite/test globs of a project, until a time. */
public record Silence(String id, String project, String fingerprint, String suiteGlob, String testGlob, Instant until,
        String comment) {
}
