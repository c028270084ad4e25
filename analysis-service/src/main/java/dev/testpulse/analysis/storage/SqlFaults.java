package dev.testpulse.analysis.storage;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a database error that a record's content caused (bad bytes, a value out of range, a key too large for an
 * index) from one that says the database or the code is unwell (connection lost, deadlock, missing table). Only the
 * first kind makes a record a dead letter; the second makes the whole batch wait and retry.
 */
public final class SqlFaults {

    /** SQLSTATE classes: 22 data exception, 23 integrity constraint violation, 54 program limit exceeded. */
    private static final Set<String> CAUSED_BY_DATA = Set.of("22", "23", "54");

    /** SQLSTATE classes of a database that is away or busy: 08 connection, 40 rollback, 53 resources, 57 operator. */
    private static final Set<String> TRANSIENT = Set.of("08", "40", "53", "57");

    private SqlFaults() {
    }

    public static boolean causedByData(SQLException e) {
        return hasClass(e, CAUSED_BY_DATA);
    }

    /** The database is away or busy; an error without a SQLSTATE (the driver lost the connection) counts too. */
    public static boolean isTransient(SQLException e) {
        return e.getSQLState() == null || hasClass(e, TRANSIENT);
    }

    /** The database is away or busy, or its schema is not migrated yet (undefined table): worth asking again. */
    public static boolean meansUnavailable(SQLException e) {
        return isTransient(e) || "42P01".equals(e.getSQLState());
    }

    private static boolean hasClass(SQLException e, Set<String> classes) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() == 5
                    && classes.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
        }
        return false;
    }
}
