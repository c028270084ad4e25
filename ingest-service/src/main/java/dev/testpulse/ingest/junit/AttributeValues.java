package dev.testpulse.ingest.junit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Lenient parsing of the numeric and date attributes JUnit XML producers write in slightly different ways.
 * Every method returns null for a value it cannot make sense of, and the caller decides whether to warn.
 */
final class AttributeValues {

    private static final BigDecimal MILLIS_PER_SECOND = BigDecimal.valueOf(1000);
    /** A year in seconds: no test runs longer, and it keeps the milliseconds well inside a long. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(366L * 24 * 3600);
    private static final int MAX_NUMBER_CHARS = 40;

    private AttributeValues() {
    }

    /**
     * Seconds as written in {@code time} ("0.012", "0." from GoogleTest, "1,234.5" from some writers
     * that format with thousands separators) to whole milliseconds, rounding half up.
     */
    static Long secondsToMillis(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return null;
        }
        Long plain = plainSecondsToMillis(seconds);
        if (plain != null) {
            return plain;
        }
        try {
            String digits = seconds.strip().replace(",", "");
            if (digits.length() > MAX_NUMBER_CHARS) {
                return null;
            }
            BigDecimal value = new BigDecimal(digits);
            // compared before scaling: "1e999999999" would otherwise be expanded to a billion digits
            if (value.signum() < 0 || value.compareTo(MAX_SECONDS) > 0) {
                return null;
            }
            return value.multiply(MILLIS_PER_SECOND).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * The common case without a BigDecimal: plain digits with an optional fraction ("0.012", "12", "0."), as nearly
     * every producer writes them; rounded half up like the general path. Null for anything else (signs, exponents,
     * separators, blanks around, more than 9 integer digits), which the general path then reads.
     */
    // Long: A hand-written digit loop on the path of every test case (no BigDecimal, no allocation);
    // splitting the integer and fraction loops would only pass their state around.
    private static Long plainSecondsToMillis(String seconds) {
        int length = seconds.length();
        if (length > MAX_NUMBER_CHARS) {
            return null; // the general path refuses it
        }
        int dot = seconds.indexOf('.');
        int integerEnd = dot < 0 ? length : dot;
        if (integerEnd == 0 || integerEnd > 9) {
            return null;
        }
        long millis = 0;
        for (int i = 0; i < integerEnd; i++) {
            char c = seconds.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            millis = millis * 10 + (c - '0');
        }
        if (millis >= MAX_SECONDS.longValue()) {
            return null; // at the limit the general path decides
        }
        millis *= 1000;
        int scale = 100;
        boolean roundUp = false;
        for (int i = integerEnd + 1; i < length; i++) {
            char c = seconds.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            if (scale > 0) {
                millis += (c - '0') * scale;
                scale /= 10;
            } else if (i == integerEnd + 4) {
                roundUp = c >= '5'; // the first digit past the milliseconds decides: half up
            }
        }
        return roundUp ? millis + 1 : millis;
    }

    /**
     * ISO-8601 date-time with or without offset; without one it is taken as UTC, which is what
     * most CI runners use. A space instead of 'T' is accepted too.
     */
    static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(timestamp.strip().replace(' ', 'T'));
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return Instant.from(parsed);
            }
            return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A non-negative integer, tolerating thousands separators; null otherwise. */
    static Integer nonNegativeInt(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(value.strip().replace(",", ""));
            return parsed < 0 ? null : parsed;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
