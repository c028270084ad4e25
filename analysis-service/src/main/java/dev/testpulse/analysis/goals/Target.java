package dev.testpulse.analysis.goals;

import java.time.Instant;

/** The success rate a project or suite aims for. */
public record Target(double rate, Instant setAt) {
}
