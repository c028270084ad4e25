package dev.testpulse.ingest.trx;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The attribute values of TRX that need parsing: .NET TimeSpan durations and ISO timestamps with an offset. */
final class TrxValues {

    /** .NET's TimeSpan "c" format: [d.]hh:mm:ss[.fffffff]. */
    private static final Pattern TIME_SPAN = Pattern.compile("(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,7}))?");

    private TrxValues() {
    }

    /** Milliseconds of a TimeSpan ("00:00:01.2345678" is 1235), rounded half up; null when unreadable. */
    static Long durationMillis(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = TIME_SPAN.matcher(value.strip());
        if (!m.matches()) {
            return null;
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long seconds = ((days * 24 + Long.parseLong(m.group(2))) * 60 + Long.parseLong(m.group(3))) * 60
                + Long.parseLong(m.group(4));
        String fraction = m.group(5) == null ? "0" : (m.group(5) + "0000000").substring(0, 7);
        long ticks = Long.parseLong(fraction); // 100 ns each
        return seconds * 1000 + (ticks + 5_000) / 10_000;
    }

    /** VSTest writes {@code 2024-03-01T10:15:31.1234567+01:00}; null when absent or unreadable. */
    static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
