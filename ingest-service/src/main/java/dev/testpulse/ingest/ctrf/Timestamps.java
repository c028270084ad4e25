package dev.testpulse.ingest.ctrf;

import java.time.Instant;

/**
 * CTRF's {@code start} and {@code stop} are epoch numbers, in milliseconds by the spec, but Playwright's reporter
 * wrote per-test times in (fractional) seconds for years. The two ranges do not overlap for any date a test report
 * can have: below 10<sup>11</sup> is seconds (10<sup>11</sup> ms is 1973; 10<sup>11</sup> s is the year 5138).
 */
final class Timestamps {

    static final double SECONDS_BELOW = 1e11;
    /** 9999-12-31T23:59:59.999Z: anything later is not a time a test ran. */
    private static final double MAX_MILLIS = 253_402_300_799_999d;

    private Timestamps() {
    }

    /** The instant of an epoch value in seconds or milliseconds; null for absent, 0 (not measured) or nonsense. */
    static Instant epoch(Double value) {
        if (value == null || !Double.isFinite(value) || value <= 0) {
            return null;
        }
        double millis = value < SECONDS_BELOW ? value * 1000 : value;
        return millis > MAX_MILLIS ? null : Instant.ofEpochMilli(Math.round(millis));
    }
}
