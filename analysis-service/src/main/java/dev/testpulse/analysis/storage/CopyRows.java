package dev.testpulse.analysis.storage;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;

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

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\0' -> text.append("\\0");
                default -> text.append(c);
            }
        }
    }
}
