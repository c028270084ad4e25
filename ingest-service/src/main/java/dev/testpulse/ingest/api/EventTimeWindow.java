package dev.testpulse.ingest.api;

import java.time.Duration;
import java.time.Instant;

/**
 * The event times analysis keeps, relative to when the upload arrived: not later than a day ahead, because a CI
 * machine's clock may be off but not by more (a year-9999 time would sit in a bucket nobody reads); and not older than
 * the configured maximum age, because analysis-service keeps nothing older. Backfill inside the window is fine.
 * A time the caller states itself (JSON/NDJSON, {@code ?started_at=}) outside it is refused; a time a report file
 * claims is replaced instead ({@link ReportTimes}).
 */
record EventTimeWindow(Instant earliest, Instant latest, Duration maxAge) {

    static final Duration CLOCK_SKEW = Duration.ofDays(1);

    static EventTimeWindow around(Instant receivedAt, Duration maxAge) {
        return new EventTimeWindow(receivedAt.minus(maxAge), receivedAt.plus(CLOCK_SKEW), maxAge);
    }

    boolean contains(Instant time) {
        return !time.isAfter(latest) && !time.isBefore(earliest);
    }

    /** Why {@code time} is outside the window, or null when it is inside. */
    String problemWith(Instant time) {
        if (time.isAfter(latest)) {
            return "must not be later than " + latest + " (now + 1 day: clock skew tolerated up to a day), was " + time;
        }
        if (time.isBefore(earliest)) {
            return "must not be earlier than " + earliest + " (now - " + maxAge.toDays()
                    + " days: older outcomes are past retention), was " + time;
        }
        return null;
    }

    /** How {@code time}, outside the window, misses it: in words for a warning. */
    String missedBy(Instant time) {
        return time.isAfter(latest) ? "more than a day ahead (later than " + latest + ")"
                : "older than max-age (" + maxAge.toDays() + " days, before " + earliest + ")";
    }
}
