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
 * first and last seen (one upsert per batch), so a new cause of failure is known the moment it appears.
 */
@ApplicationScoped
public class FailureSignatureStore {

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
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into failure_signatures (project, signature, type, message, first_seen, last_seen, example_message, example_test)
                select p, s, t, m, f::timestamptz, l::timestamptz, em, et
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                     as u(p, s, t, m, f, l, em, et)
                on conflict (project, signature) do update set
                    first_seen = least(failure_signatures.first_seen, excluded.first_seen),
                    last_seen = greatest(failure_signatures.last_seen, excluded.last_seen),
                    example_message = case when excluded.last_seen > failure_signatures.last_seen
                                           then excluded.example_message else failure_signatures.example_message end,
                    example_test = case when excluded.last_seen > failure_signatures.last_seen
                                        then excluded.example_test else failure_signatures.example_test end
                returning project, signature, (xmax = 0)""")) {
            upsert.setArray(1, SqlArrays.text(connection, rows, Seen::project));
            upsert.setArray(2, SqlArrays.text(connection, rows, row -> row.signature().id()));
            upsert.setArray(3, SqlArrays.text(connection, rows, row -> row.signature().type()));
            upsert.setArray(4, SqlArrays.text(connection, rows, row -> row.signature().normalisedMessage()));
            upsert.setArray(5, SqlArrays.text(connection, rows, Seen::first));
            upsert.setArray(6, SqlArrays.text(connection, rows, Seen::last));
            upsert.setArray(7, SqlArrays.text(connection, rows, Seen::exampleMessage));
            upsert.setArray(8, SqlArrays.text(connection, rows, Seen::exampleTest));
            Set<NewSignature> fresh = new LinkedHashSet<>();
            try (ResultSet rs = upsert.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(3)) {
                        Seen row = seen.get(rs.getString(1) + "\u0000" + rs.getString(2));
                        fresh.add(new NewSignature(row.project(), row.signature().id(), row.suite(), row.signature().type(),
                                row.signature().normalisedMessage()));
                    }
                }
            }
            return fresh;
        }
    }

    static boolean failing(Outcome outcome) {
        return "failed".equals(outcome.status()) || "error".equals(outcome.status());
    }

    static FailureSignature signatureOf(Outcome outcome) {
        return outcome.failure() == null ? FailureSignature.of(null, null)
                : FailureSignature.of(outcome.failure().type(), outcome.failure().message());
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
