package dev.testpulse.analysis.storage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Columns for {@code insert ... select * from unnest(?::text[], ...)}: the set-based way to write a batch in one
 * statement. Timestamps travel as ISO-8601 text and are cast in SQL, exact to the microsecond.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static <T> Array text(Connection connection, List<T> rows, Function<T, ?> column) throws SQLException {
        return connection.createArrayOf("text", rows.stream().map(column).map(v -> v == null ? null : v.toString()).toArray());
    }

    public static <T> Array bigint(Connection connection, List<T> rows, ToLongFunction<T> column) throws SQLException {
        return connection.createArrayOf("bigint", rows.stream().map(row -> column.applyAsLong(row)).toArray());
    }
}
