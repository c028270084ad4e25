package dev.testpulse.analysis.goals;

import java.time.Instant;

import dev.testpulse.analysis.rates.Counts;

/**
 * A frozen measurement to compare against: set explicitly, or snapshotted from a window (then with the counts,
 * window and branch it came from). It never moves by itself.
 */
public record Baseline(double rate, Counts counts, String source, String window, String branch, Instant setAt) {

    public static final String EXPLICIT = "explicit";
    public static final String SNAPSHOT = "snapshot";
}
