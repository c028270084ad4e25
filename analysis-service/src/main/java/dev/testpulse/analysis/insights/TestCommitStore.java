package dev.testpulse.analysis.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.storage.SqlArrays;

/**
 * Keeps {@code test_commit}, what each test did on each commit (last seen passing, failing, marked flaky), as the
 * outcomes are counted: the flaky rule and insight read it instead of folding the raw outcomes again for every batch.
 * It sees exactly the outcomes the raw store keeps, so a sliding window gives what the raw rows would.
 */
@ApplicationScoped
public class TestCommitStore {

    /**
     * Folds the batch per test and commit and merges it in one statement. Rows are sent in key order so that two
     * transactions writing the same tests lock them in the same order instead of deadlocking.
     */
    // Long: one merge statement and the arrays bound to it, together so that each column's position is read in one place
    public void add(Connection connection, List<Outcome> outcomes) throws SQLException {
        Map<Key, Seen> folded = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            if (!"skipped".equals(outcome.status())) {
                folded.merge(Key.of(outcome), Seen.of(outcome), Seen::latest);
            }
        }
        if (folded.isEmpty()) {
            return;
        }
        List<Map.Entry<Key, Seen>> rows = new ArrayList<>(folded.entrySet());
        // An update only when a time moves forward: a redelivered or older execution rewrites no row.
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into test_commit as t (project, branch, test_name, suite, class_name, commit_key, last_seen_at,
                                              last_passed_at, last_failed_at, last_marked_at)
                select p, b, n, s, c, k, se::timestamptz, pa::timestamptz, fa::timestamptz, ma::timestamptz
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[]) as u(p, b, n, s, c, k, se, pa, fa, ma)
                on conflict (project, branch, test_name, suite, class_name, commit_key) do update set
                    last_seen_at = greatest(t.last_seen_at, excluded.last_seen_at),
                    last_passed_at = greatest(t.last_passed_at, excluded.last_passed_at),
                    last_failed_at = greatest(t.last_failed_at, excluded.last_failed_at),
                    last_marked_at = greatest(t.last_marked_at, excluded.last_marked_at)
                where excluded.last_seen_at > t.last_seen_at
                   or excluded.last_passed_at > coalesce(t.last_passed_at, '-infinity')
                   or excluded.last_failed_at > coalesce(t.last_failed_at, '-infinity')
                   or excluded.last_marked_at > coalesce(t.last_marked_at, '-infinity')""")) {
            upsert.setArray(1, SqlArrays.text(connection, rows, row -> row.getKey().project()));
            upsert.setArray(2, SqlArrays.text(connection, rows, row -> row.getKey().branch()));
            upsert.setArray(3, SqlArrays.text(connection, rows, row -> row.getKey().name()));
            upsert.setArray(4, SqlArrays.text(connection, rows, row -> row.getKey().suite()));
            upsert.setArray(5, SqlArrays.text(connection, rows, row -> row.getKey().className()));
            upsert.setArray(6, SqlArrays.text(connection, rows, row -> row.getKey().commit()));
            upsert.setArray(7, SqlArrays.text(connection, rows, row -> row.getValue().seen()));
            upsert.setArray(8, SqlArrays.text(connection, rows, row -> row.getValue().passed()));
            upsert.setArray(9, SqlArrays.text(connection, rows, row -> row.getValue().failed()));
            upsert.setArray(10, SqlArrays.text(connection, rows, row -> row.getValue().marked()));
            upsert.executeUpdate();
        }
    }

    /**
     * Deletes the rows last seen before {@code before}: no window the flaky rule or insight can ask about reaches them
     * (sliding windows are at most the raw retention long).
     */
    public int prune(Connection connection, Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from test_commit where last_seen_at < ?::timestamptz")) {
            delete.setString(1, before.toString());
            return delete.executeUpdate();
        }
    }

    /** A test on a commit, spelled as the raw rows spell it: branch '' and class '' when none, the run when no commit. */
    record Key(String project, String branch, String name, String suite, String className, String commit) implements Comparable<Key> {

        private static final Comparator<Key> ORDER = Comparator.comparing(Key::project).thenComparing(Key::branch)
                .thenComparing(Key::name).thenComparing(Key::suite).thenComparing(Key::className).thenComparing(Key::commit);

        static Key of(Outcome outcome) {
            Outcome.Run run = outcome.run();
            return new Key(outcome.project(), run.branch() == null ? "" : run.branch(), outcome.test().name(), outcome.suite(),
                    outcome.test().className() == null ? "" : outcome.test().className(),
                    run.commit() != null ? run.commit() : outcome.pipeline() + "#" + run.id());
        }

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    /** The latest time a test was seen at all, passing, failing (failed or error) and marked flaky; null: never. */
    record Seen(Instant seen, Instant passed, Instant failed, Instant marked) {

        static Seen of(Outcome outcome) {
            Instant at = outcome.observedAt();
            boolean failed = "failed".equals(outcome.status()) || "error".equals(outcome.status());
            return new Seen(at, "passed".equals(outcome.status()) ? at : null, failed ? at : null, outcome.markedFlaky() ? at : null);
        }

        Seen latest(Seen other) {
            return new Seen(later(seen, other.seen), later(passed, other.passed), later(failed, other.failed), later(marked, other.marked));
        }

        private static Instant later(Instant a, Instant b) {
            return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
        }
    }
}
