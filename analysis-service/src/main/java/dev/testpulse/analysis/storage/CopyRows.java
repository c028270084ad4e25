package dev.testpulse.analysis.storage;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.postgresql.PGConnection;

/**
 * Rows for {@code COPY ... FROM STDIN} in PostgreSQL's text format: the cheapest way to hand a batch's rows to
 * PostgreSQL (no per-row parameter arrays for the driver to encode and the server to unnest). Values are escaped as the
 * format asks: backslash, tab, newline and carriage return; a NUL character is sent as the escape {@code \0}, which
 * PostgreSQL refuses like any text holding NUL (SQLSTATE 22021, "invalid byte sequence ... 0x00"), so a record carrying
 * one still becomes a dead letter by halving instead of being cut short at the NUL.
 */
public final class CopyRows {

    private final StringBuilder text = new StringBuilder(4096);
    private boolean firstInRow = true;
    private int rows;

    public CopyRows text(Object value) {
        separate();
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof Instant instant) {
            instant(instant);
        } else {
            escape(value.toString());
        }
        return this;
    }

    public CopyRows number(long value) {
        separate();
        text.append(value);
        return this;
    }

    public CopyRows bool(boolean value) {
        separate();
        text.append(value ? 't' : 'f');
        return this;
    }

    public CopyRows endRow() {
        text.append('\n');
        firstInRow = true;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** The rows as COPY reads them. */
    String asText() {
        return text.toString();
    }

    /** Copies the rows into {@code target} (a table and its column list, as COPY names them); returns the rows copied. */
    public long copyInto(Connection connection, String target) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + target + " from stdin", new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + target + " could not read its own rows", "08000", e);
        }
    }

    private void separate() {
        if (!firstInRow) {
            text.append('\t');
        }
        firstInRow = false;
    }

    // Most values hold nothing to escape: they are appended whole, the rest from one escape to the next (char by char
    // this was the largest share of the analysis JVM's own code in the benchmark's profile).
    private void escape(String value) {
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            String escaped = switch (value.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\0' -> "\\0";
                default -> null;
            };
            if (escaped != null) {
                text.append(value, from, i).append(escaped);
                from = i + 1;
            }
        }
        text.append(value, from, value.length());
    }

    /**
     * An instant as ISO-8601 in UTC with all nine digits of a fraction, which PostgreSQL reads as Instant.toString's
     * shorter form (and rounds to microseconds the same); written without a formatter, which cost every row several
     * objects. Years outside 0–9999 keep Instant.toString's form.
     */
    private void instant(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (utc.getYear() < 0 || utc.getYear() > 9999) {
            text.append(instant);
            return;
        }
        padded(utc.getYear(), 1000).append('-');
        two(utc.getMonthValue()).append('-');
        two(utc.getDayOfMonth()).append('T');
        two(utc.getHour()).append(':');
        two(utc.getMinute()).append(':');
        two(utc.getSecond());
        if (utc.getNano() != 0) {
            text.append('.');
            padded(utc.getNano(), 100_000_000);
        }
        text.append('Z');
    }

    private StringBuilder two(int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** A non-negative value with leading zeros up to the digit of {@code highest} (a power of ten). */
    private StringBuilder padded(int value, int highest) {
        for (int digit = highest; digit > value && digit > 1; digit /= 10) {
            text.append('0');
        }
        return text.append(value);
    }
}
