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
import dev.testpulse.analysis.storage.CopyRows;
import dev.testpulse.analysis.storage.StagingTables;

/**
 * Remembers every outcome id that was counted, per project, so a redelivered record or a re-sent upload is counted once. Runs in
 * the caller's transaction: if the batch rolls back, so does the memory of having seen it. The ids go in by COPY into a
 * session's staging table and one {@code insert ... select ... on conflict do nothing returning}.
 */
@ApplicationScoped
public class SeenOutcomes {

    private static final String STAGE = "outcome_seen_stage";

    /** Records the ids and returns the outcomes never seen before, in their original order, each id once. */
    public List<Outcome> keepUnseen(Connection connection, Collection<Outcome> outcomes) throws SQLException {
        Map<ProjectId, Outcome> byId = new LinkedHashMap<>();
        outcomes.forEach(outcome -> byId.putIfAbsent(new ProjectId(outcome.project(), outcome.id()), outcome));
        if (byId.isEmpty()) {
            return List.of();
        }
        StagingTables.ensure(connection, STAGE, "project text not null, id text not null");
        CopyRows rows = new CopyRows();
        byId.keySet().forEach(key -> rows.text(key.project()).text(key.id()).endRow());
        rows.copyInto(connection, STAGE + " (project, id)");
        Set<ProjectId> inserted = new HashSet<>();
        // the staged rows are taken out as they are merged: a halved batch stages again in the same transaction
        try (PreparedStatement merge = connection.prepareStatement("""
                with staged as (delete from %s returning project, id)
                insert into outcome_seen (project, id) select project, id from staged
                on conflict (project, id) do nothing
                returning project, id""".formatted(STAGE));
                ResultSet rs = merge.executeQuery()) {
            while (rs.next()) {
                inserted.add(new ProjectId(rs.getString(1), rs.getString(2)));
            }
        }
        return byId.entrySet().stream().filter(entry -> inserted.contains(entry.getKey())).map(Map.Entry::getValue).toList();
    }

    /** Removes the ids seen before {@code before}: past the horizon a re-sent outcome is no longer recognised. */
    public void prune(Connection connection, java.time.Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from outcome_seen where seen_at < ?::timestamptz")) {
            delete.setString(1, before.toString());
            delete.executeUpdate();
        }
    }

    /** Ids are unique within a project only. */
    private record ProjectId(String project, String id) {
    }
}
