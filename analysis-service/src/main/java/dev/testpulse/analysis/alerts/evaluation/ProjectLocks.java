package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One project's alert state is changed by one transaction at a time, on whichever instance: evaluation after a
 * batch, the clock's time-based steps and rule changes all take the project's transaction-scoped advisory lock first.
 * So two instances never both fire the first breach of a series, and a series' events are written (and numbered) in
 * the order of its transitions. Callers lock projects in sorted order, so two transactions never wait on each other
 * in a circle.
 */
final class ProjectLocks {

    private ProjectLocks() {
    }

    static void lock(Connection connection, String project) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 7157))")) {
            lock.setString(1, key(project));
            lock.execute();
        }
    }

    /** Takes the project's lock if no other transaction holds it; @return whether it did */
    static boolean tryLock(Connection connection, String project) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(hashtextextended(?, 7157))")) {
            lock.setString(1, key(project));
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String key(String project) {
        return "testpulse.alerts:" + project;
    }
}
