package dev.testpulse.analysis.consume;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.outcome.Outcome;

/**
 * Remembers every outcome id that was counted, so a redelivered record or a re-sent upload is counted once. Runs in
 * the caller's transaction: if the batch rolls back, so does the memory of having seen it.
 */
@ApplicationScoped
public class SeenOutcomes {

    /** Records the ids and returns the outcomes never seen before, in their original order, each id once. */
    public List<Outcome> keepUnseen(Connection connection, Collection<Outcome> outcomes) throws SQLException {
        Map<String, Outcome> byId = new LinkedHashMap<>();
        outcomes.forEach(outcome -> byId.putIfAbsent(outcome.id(), outcome));
        if (byId.isEmpty()) {
            return List.of();
        }
        String[] ids = byId.keySet().toArray(String[]::new);
        String[] projects = byId.values().stream().map(Outcome::project).toArray(String[]::new);
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into outcome_seen (id, project)
                select * from unnest(?::text[], ?::text[])
                on conflict (id) do nothing
                returning id""")) {
            insert.setArray(1, connection.createArrayOf("text", ids));
            insert.setArray(2, connection.createArrayOf("text", projects));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        }
        return byId.values().stream().filter(outcome -> inserted.contains(outcome.id())).toList();
    }
}
