package dev.testpulse.analysis.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Project settings in PostgreSQL; a project without a row has {@link ProjectSettings#DEFAULTS}. */
@ApplicationScoped
public class ProjectSettingsStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    public ProjectSettingsStore(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    public ProjectSettings get(String project) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select default_branch, critical_tests::text from project_settings where project = ?")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? new ProjectSettings(rs.getString(1), mapper.readValue(rs.getString(2), STRINGS))
                        : ProjectSettings.DEFAULTS;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("critical_tests holds a JSON array of strings", e);
        }
    }

    public void put(String project, ProjectSettings settings) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        insert into project_settings (project, default_branch, critical_tests) values (?, ?, ?::jsonb)
                        on conflict (project) do update set default_branch = excluded.default_branch,
                            critical_tests = excluded.critical_tests""")) {
            upsert.setString(1, project);
            upsert.setString(2, settings.defaultBranch());
            upsert.setString(3, mapper.writeValueAsString(settings.criticalTests()));
            upsert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }
}
