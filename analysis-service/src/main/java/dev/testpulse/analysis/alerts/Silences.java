package dev.testpulse.analysis.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/** Which series are muted now: by fingerprint, or by a suite/test glob of their project, until a given time. */
@ApplicationScoped
public class Silences {

    /** The silences of a project in force at {@code now}: read once per evaluation, matched per series in memory. */
    public Active active(Connection connection, String project, Instant now) throws SQLException {
        List<Active.Silence> silences = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select fingerprint, suite_glob, test_glob from silences where project = ? and until > ?::timestamptz""")) {
            query.setString(1, project);
            query.setString(2, now.toString());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    silences.add(new Active.Silence(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return new Active(silences);
    }

    /** A project's silences in force. */
    public record Active(List<Silence> silences) {

        public boolean silenced(String fingerprint, Map<String, String> labels) {
            return silences.stream().anyMatch(s -> matches(s.fingerprint(), s.suiteGlob(), s.testGlob(), fingerprint, labels));
        }

        record Silence(String fingerprint, String suiteGlob, String testGlob) {
        }
    }

    static boolean matches(String silencedFingerprint, String suiteGlob, String testGlob, String fingerprint, Map<String, String> labels) {
        if (silencedFingerprint != null) {
            return silencedFingerprint.equals(fingerprint);
        }
        return Globs.matches(suiteGlob, labels.getOrDefault("suite", "")) && Globs.matches(testGlob, labels.getOrDefault("test", ""));
    }
}
