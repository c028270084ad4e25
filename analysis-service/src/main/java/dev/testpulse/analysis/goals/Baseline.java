package dev.testpulse.analysis.goals;

import java.time.Instant;

import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.WilsonInterval;

/**
 * A frozen measurement to compare against: a bare rate (no counts, no interval), counts someone measured elsewhere,
 * or a snapshot of a window (with the counts, window and branch it came from). It never moves by itself.
 * {@code interval} is the 95% Wilson interval of its counts; null for a bare rate.
 */
public record Baseline(double rate, Counts counts, WilsonInterval interval, String source, String window, String branch,
        Instant setAt) {

    /** Set as a bare rate: its counts, and so its interval and its test set, are unknown. */
    public static final String EXPLICIT = "explicit";
    /** Set as counts measured elsewhere: it has an interval, its test set is unknown. */
    public static final String COUNTS = "counts";
    /** Snapshotted from a window: counts and the keys of the tests measured in it. */
    public static final String SNAPSHOT = "snapshot";

    /** A baseline whose interval follows from its counts. */
    public Baseline(double rate, Counts counts, String source, String window, String branch, Instant setAt) {
        this(rate, counts, counts == null ? null : WilsonInterval.of(counts.passed(), counts.executed()), source, window,
                branch, setAt);
    }
}
