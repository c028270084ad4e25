package dev.testpulse.analysis.owners;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** The table {@code project_owners}: each project's CODEOWNERS text, replaced whole on every upload. */
@ApplicationScoped
public class OwnersStore {

    private final DataSource dataSource;

    public OwnersStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Replaces the project's rules (already validated) and answers them as stored. */
    public OwnersView put(String project, List<OwnerRule> rules, String source) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        insert into project_owners (project, source) values (?, ?)
                        on conflict (project) do update set source = excluded.source, updated_at = now()
                        returning updated_at""")) {
            upsert.setString(1, project);
            upsert.setString(2, source);
            try (ResultSet rs = upsert.executeQuery()) {
                rs.next();
                return new OwnersView(project, rules, rs.getTimestamp(1).toInstant());
            }
        }
    }

    public Optional<Stored> find(String project) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, project);
        }
    }

    /** On the caller's connection, e.g. inside the transaction that writes an alert event. */
    public Optional<Stored> find(Connection connection, String project) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select source, updated_at from project_owners where project = ?")) {
            select.setString(1, project);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getTimestamp(2).toInstant())) : Optional.empty();
            }
        }
    }

    /** The project's compiled rules; {@link Owners#NONE} when it has none. */
    public Owners owners(String project) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return owners(connection, project);
        }
    }

    public Owners owners(Connection connection, String project) throws SQLException {
        return find(connection, project).map(stored -> Owners.of(OwnersFile.parse(stored.source()))).orElse(Owners.NONE);
    }

    /**
     * How many of the project's known tests (the {@code tests} table: suite, class and name; it keeps no file) no rule
     * matches, out of how many.
     */
    public Coverage coverage(String project) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Owners owners = owners(connection, project);
            long tests = 0;
            long unmatched = 0;
            try (PreparedStatement select = connection.prepareStatement("select suite, class_name from tests where project = ?")) {
                select.setString(1, project);
                select.setFetchSize(1000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        tests++;
                        if (owners.of(rs.getString(1), rs.getString(2), null).isEmpty()) {
                            unmatched++;
                        }
                    }
                }
            }
            return new Coverage(tests, unmatched);
        }
    }

    /** The summary's ownership line: {@code unmatched} tests match no rule (all of them while no rules are set). */
    public record Coverage(long tests, long unmatched) {
    }

    public boolean delete(String project) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from project_owners where project = ?")) {
            delete.setString(1, project);
            return delete.executeUpdate() > 0;
        }
    }

    /** The stored text was validated when it was put, so parsing it again cannot fail. */
    public record Stored(String source, Instant updatedAt) {
    }
}
