package dev.testpulse.analysis.alerts.state;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a breach must last before it fires ({@code for}, as consecutive breaching evaluations and as time; both
 * must be met) and how long a firing alert outlives its last breach ({@code keep_firing_for}).
 */
public record Timing(int forEvaluations, Duration forDuration, Duration keepFiringFor) {

    /** Fire on the first breach, resolve on the first clear. */
    public static final Timing IMMEDIATE = new Timing(0, Duration.ZERO, Duration.ZERO);

    public Timing {
        Objects.requireNonNull(forDuration, "for_duration");
        Objects.requireNonNull(keepFiringFor, "keep_firing_for");
        if (forEvaluations < 0) {
            throw new IllegalArgumentException("for_evaluations must not be negative, was " + forEvaluations);
        }
        if (forDuration.isNegative()) {
            throw new IllegalArgumentException("for_duration must not be negative, was " + forDuration);
        }
        if (keepFiringFor.isNegative()) {
            throw new IllegalArgumentException("keep_firing_for must not be negative, was " + keepFiringFor);
        }
    }
}
