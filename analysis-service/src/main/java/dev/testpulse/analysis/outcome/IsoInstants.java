package dev.testpulse.analysis.outcome;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.datatype.jsr310.DecimalUtils;

/**
 * Reads an instant from the text of a record the way Jackson's {@code InstantDeserializer} (jsr310 module, default
 * settings) did when records were bound with databind, so that every record reads as it did: the canonical form
 * ingest writes ({@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}) is computed directly, without a {@link DateTimeFormatter};
 * everything else takes databind's way — numbers in a string as epoch seconds, a {@code +00}, {@code +0000} or
 * {@code +00:00} offset read as {@code Z}, then {@link DateTimeFormatter#ISO_INSTANT} (offsets, lower case, leap
 * second, 24:00 included).
 */
final class IsoInstants {

    private IsoInstants() {
    }

    /** The instant a JSON string holds, null for an empty or blank one (databind's reading of both). */
    static Instant fromText(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        Instant canonical = canonical(trimmed);
        return canonical != null ? canonical : general(trimmed);
    }

    /** A JSON integer: epoch seconds. */
    static Instant fromEpochSeconds(long seconds) {
        return Instant.ofEpochSecond(seconds, 0);
    }

    /** A JSON decimal: epoch seconds with a fraction, cut below nanoseconds as databind does. */
    static Instant fromEpochSeconds(BigDecimal seconds) {
        return DecimalUtils.extractSecondsAndNanos(seconds, (whole, nanos) -> Instant.ofEpochSecond(whole, nanos), false);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with a date that exists and a time below 24:00:00 (no leap second), or
     * null: the caller then reads it the general way, which gives the same instant for every text this accepts.
     */
    static Instant canonical(String s) {
        int length = s.length();
        if (length < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nanos = length == 20 ? 0 : nanos(s);
        if (nanos < 0) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException noSuchDate) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The nanoseconds of a canonical text's {@code .f{1,9}} before its Z, or -1 when it has none such. */
    private static int nanos(String s) {
        int fractionDigits = s.length() - 21;
        if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
            return -1;
        }
        int nanos = digits(s, 20, s.length() - 1);
        for (int i = fractionDigits; i < 9 && nanos > 0; i++) {
            nanos *= 10;
        }
        return nanos;
    }

    /** databind's InstantDeserializer._fromString after trimming and the empty check, for every other form. */
    private static Instant general(String text) {
        int periods = periods(text);
        if (periods >= 0) {
            try {
                if (periods == 0) {
                    return fromEpochSeconds(NumberInput.parseLong(text));
                }
                if (periods == 1) {
                    return fromEpochSeconds(NumberInput.parseBigDecimal(text, false));
                }
            } catch (NumberFormatException notANumber) {
                // databind goes on to the formatter, which then says why the text is no instant
            }
        }
        return DateTimeFormatter.ISO_INSTANT.parse(zeroOffsetAsZ(text), Instant::from);
    }

    /** How many periods a text of digits (optionally after a leading minus) has, -1 when it is not such a text. */
    private static int periods(String text) {
        int periods = 0;
        for (int i = text.charAt(0) == '-' ? 1 : 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                periods++;
            } else if (c < '0' || c > '9') {
                return -1;
            }
        }
        return periods;
    }

    private static String zeroOffsetAsZ(String text) {
        int plus = text.lastIndexOf('+');
        if (plus < 0) {
            return text;
        }
        String offset = text.substring(plus + 1);
        return offset.equals("00") || offset.equals("0000") || offset.equals("00:00") ? text.substring(0, plus) + 'Z' : text;
    }

    /** The number the ASCII digits in [from, to) spell, or -1 when one is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
