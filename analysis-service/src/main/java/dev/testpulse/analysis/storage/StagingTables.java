package dev.testpulse.analysis.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Temporary staging tables that COPY fills and one set-based statement merges. Each lives as long as its session
 * (pooled connection) and is emptied at every commit ({@code on commit delete rows}): {@code create temp table ... on
 * commit drop} in every batch would write the catalog (pg_class, pg_attribute, pg_type rows) each time.
 */
public final class StagingTables {

    private StagingTables() {
    }

    /**
     * Makes sure this session has the temporary table {@code name}. Asked on every use, not remembered in Java: a
     * create that a rolled-back transaction or savepoint (the applier's halving) took back must be made again, and
     * {@code if not exists} on a table that exists is a catalog lookup, no write.
     */
    public static void ensure(Connection connection, String name, String columns) throws SQLException {
        if (connection.getAutoCommit()) {
            // each statement would commit on its own, and the commit empties the table between the COPY and the merge
            throw new IllegalStateException("staging " + name + " needs a transaction: the connection is in autocommit");
        }
        try (Statement create = connection.createStatement()) {
            create.execute("create temp table if not exists " + name + " (" + columns + ") on commit delete rows");
        }
    }
}
