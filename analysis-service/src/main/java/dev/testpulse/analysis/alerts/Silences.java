package dev.testpulse.analysis.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/** Whether a series is muted now: by its fingerprint, or by a suite/test glob of its project, until a given time. */
@ApplicationScoped
public class Silences {

    public boolean silenced(Connection connection, String project, String fingerprint, Map<String, String> labels, Instant now)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                select fingerprint, suite_glob, test_glob from silences where project = ? and until > ?::timestamptz""")) {
            query.setString(1, project);
            query.setString(2, now.toString());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (matches(rs.getString(1), rs.getString(2), rs.getString(3), fingerprint, labels)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean matches(String silencedFingerprint, String suiteGlob, String testGlob, String fingerprint, Map<String, String> labels) {
        if (silencedFingerprint != null) {
            return silencedFingerprint.equals(fingerprint);
        }
        return Globs.matches(suiteGlob, labels.getOrDefault("suite", "")) && Globs.matches(testGlob, labels.getOrDefault("test", ""));
    }
}
