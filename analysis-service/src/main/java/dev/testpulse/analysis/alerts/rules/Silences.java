package dev.testpulse.analysis.alerts.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code silences} table: which series are muted, by fingerprint or by a suite/test glob of their project, until
 * a given time.
 */
@ApplicationScoped
public class Silences {

    /** The longest a silence may last: a mute must be renewed, it cannot quietly hide a project for ever. */
    public static final Duration MAX_DURATION = Duration.ofDays(90);

    private final DataSource dataSource;

    public Silences(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void add(Silence silence) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into silences (id, project, fingerprint, suite_glob, test_glob, until, comment)
                        values (?, ?, ?, ?, ?, ?::timestamptz, ?)""")) {
            insert.setString(1, silence.id());
            insert.setString(2, silence.project());
            insert.setString(3, silence.fingerprint());
            insert.setString(4, silence.suiteGlob());
            insert.setString(5, silence.testGlob());
            insert.setString(6, silence.until().toString());
            insert.setString(7, silence.comment());
            insert.executeUpdate();
        }
    }

    /** The project of a silence, or null when there is none with that id. */
    public String projectOf(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select project from silences where id = ?")) {
            query.setString(1, id);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public void delete(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from silences where id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
    }

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
