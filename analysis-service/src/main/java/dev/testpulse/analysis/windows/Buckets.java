package dev.testpulse.analysis.windows;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The two grains of the additive time buckets: minutes (for windows up to {@link #MINUTE_HORIZON}) and hours (for
 * longer windows and trends). An outcome always lands in the bucket of its own event time, however late it arrives.
 */
public enum Buckets {
    MINUTE(ChronoUnit.MINUTES, "minute_counts"),
    HOUR(ChronoUnit.HOURS, "hour_counts");

    /** Minute buckets are kept this long; longer windows read hour buckets. */
    public static final Duration MINUTE_HORIZON = Duration.ofDays(2);

    private final ChronoUnit unit;
    private final String table;

    Buckets(ChronoUnit unit, String table) {
        this.unit = unit;
        this.table = table;
    }

    public Instant bucketOf(Instant eventTime) {
        return eventTime.truncatedTo(unit);
    }

    public String table() {
        return table;
    }

    /** The grain that answers a sliding window of this length: the finest that still holds all of it. */
    public static Buckets forWindow(Duration length) {
        return length.compareTo(MINUTE_HORIZON) <= 0 ? MINUTE : HOUR;
    }

    /**
     * The first bucket inside a window of {@code length} ending at {@code now}: the bucket holding the window's start,
     * so the window covers at most one bucket more than its length, never less.
     */
    public Instant firstBucket(Instant now, Duration length) {
        return bucketOf(now.minus(length));
    }
}
