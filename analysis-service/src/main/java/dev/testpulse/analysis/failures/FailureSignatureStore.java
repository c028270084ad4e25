package dev.testpulse.analysis.failures;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.storage.SqlArrays;

/**
 * Signs every failed or errored outcome of a batch and remembers each project's signatures with when they were
 * first and last seen (an insert of the new ones and a refresh of the known ones per batch), so a new cause of failure
 * is known the moment it appears.
 */
@ApplicationScoped
public class FailureSignatureStore {

    // a batch's failures mostly repeat a few causes, and each is signed by counting and again by its evaluation: the
    // message's normalisation and its SHA-256 were 11% of analysis' CPU in the benchmark's profile of 2026-12-06
    private final KnownSignatures known = new KnownSignatures(4096, 512);

    /** The signature of each failing outcome of the batch, by outcome id; passed and skipped outcomes have none. */
    public Map<String, FailureSignature> sign(List<Outcome> outcomes) {
        Map<String, FailureSignature> signatures = new HashMap<>();
        for (Outcome outcome : outcomes) {
            if (failing(outcome)) {
                signatures.put(outcome.id(), signatureOf(outcome));
            }
        }
        return signatures;
    }

    /** Records the batch's signatures with first and last sighting and the latest example; returns those new to their project. */
    public Set<NewSignature> remember(Connection connection, List<Outcome> outcomes, Map<String, FailureSignature> signatures)
            throws SQLException {
        // in key order: partitions applied concurrently lock shared signature rows in one order, so they never deadlock
        Map<String, Seen> seen = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            FailureSignature signature = signatures.get(outcome.id());
            if (signature != null) {
                seen.merge(outcome.project() + "\u0000" + signature.id(), Seen.of(outcome, signature), Seen::merge);
            }
        }
        if (seen.isEmpty()) {
            return Set.of();
        }
        List<Seen> rows = new ArrayList<>(seen.values());
        Set<NewSignature> fresh = insertNew(connection, seen, rows);
        refreshKnown(connection, rows);
        return fresh;
    }

    private static Set<NewSignature> insertNew(Connection connection, Map<String, Seen> seen, List<Seen> rows) throws SQLException {
        Set<NewSignature> fresh = new LinkedHashSet<>();
        // Only signatures no committed row has yet: an existing row is never touched here, so a concurrent batch that
        // is refreshing it (below) cannot make this one wait. Two batches bringing the same new one: one inserts it.
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into failure_signatures (project, signature, type, message, first_seen, last_seen, example_message, example_test)
                select p, s, t, m, f::timestamptz, l::timestamptz, em, et
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                     as u(p, s, t, m, f, l, em, et)
                where not exists (select 1 from failure_signatures g where g.project = u.p and g.signature = u.s)
                on conflict (project, signature) do nothing
                returning project, signature""")) {
            bind(connection, insert, rows, true);
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    Seen row = seen.get(rs.getString(1) + "\u0000" + rs.getString(2));
                    fresh.add(new NewSignature(row.project(), row.signature().id(), row.suite(), row.signature().type(),
                            row.signature().normalisedMessage()));
                }
            }
        }
        return fresh;
    }

    private static void refreshKnown(Connection connection, List<Seen> rows) throws SQLException {
        // Sightings of known signatures move first/last seen and the example, only where they change them, and skip a
        // row another batch is updating this moment (partitions applied concurrently share a project's signatures):
        // that batch's sighting is as recent as this one's, give or take one batch, and nobody waits for a lock.
        try (PreparedStatement refresh = connection.prepareStatement("""
                with u as (select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                                    as u(p, s, f, l, em, et)),
                     free as (select g.project, g.signature from failure_signatures g join u on g.project = u.p and g.signature = u.s
                              where u.l::timestamptz > g.last_seen or u.f::timestamptz < g.first_seen
                              order by g.project, g.signature
                              for update of g skip locked)
                update failure_signatures g set
                    first_seen = least(g.first_seen, u.f::timestamptz),
                    last_seen = greatest(g.last_seen, u.l::timestamptz),
                    example_message = case when u.l::timestamptz > g.last_seen then u.em else g.example_message end,
                    example_test = case when u.l::timestamptz > g.last_seen then u.et else g.example_test end
                from u join free on free.project = u.p and free.signature = u.s
                where g.project = u.p and g.signature = u.s""")) {
            bind(connection, refresh, rows, false);
            refresh.executeUpdate();
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, List<Seen> rows, boolean withNames)
            throws SQLException {
        int i = 1;
        statement.setArray(i++, SqlArrays.text(connection, rows, Seen::project));
        statement.setArray(i++, SqlArrays.text(connection, rows, row -> row.signature().id()));
        if (withNames) {
            statement.setArray(i++, SqlArrays.text(connection, rows, row -> row.signature().type()));
            statement.setArray(i++, SqlArrays.text(connection, rows, row -> row.signature().normalisedMessage()));
        }
        statement.setArray(i++, SqlArrays.text(connection, rows, Seen::first));
        statement.setArray(i++, SqlArrays.text(connection, rows, Seen::last));
        statement.setArray(i++, SqlArrays.text(connection, rows, Seen::exampleMessage));
        statement.setArray(i, SqlArrays.text(connection, rows, Seen::exampleTest));
    }

    static boolean failing(Outcome outcome) {
        return "failed".equals(outcome.status()) || "error".equals(outcome.status());
    }

    private FailureSignature signatureOf(Outcome outcome) {
        return outcome.failure() == null ? FailureSignature.of(null, null) : known.of(outcome.failure().type(), outcome.failure().message());
    }

    /** One signature's sightings within a batch; the example is the latest. */
    private record Seen(String project, FailureSignature signature, String suite, Instant first, Instant last,
            String exampleMessage, String exampleTest) {

        static Seen of(Outcome outcome, FailureSignature signature) {
            String message = outcome.failure() == null ? null : outcome.failure().message();
            String test = (outcome.test().className() == null ? "" : outcome.test().className() + ".") + outcome.test().name();
            return new Seen(outcome.project(), signature, outcome.suite(), outcome.observedAt(), outcome.observedAt(), message, test);
        }

        Seen merge(Seen other) {
            Seen latest = other.last.isAfter(last) ? other : this;
            return new Seen(project, signature, suite, first.isBefore(other.first) ? first : other.first, latest.last,
                    latest.exampleMessage, latest.exampleTest);
        }
    }
}
