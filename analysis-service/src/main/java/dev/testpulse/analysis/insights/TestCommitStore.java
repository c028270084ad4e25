package dev.testpulse.analysis.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.storage.CopyRows;
import dev.testpulse.analysis.storage.StagingTables;

/**
 * Keeps {@code test_commit}, what each test did on each commit (last seen passing, failing, marked flaky), as the
 * outcomes are counted: the flaky rule and insight read it instead of folding the raw outcomes again for every batch.
 * It sees exactly the outcomes the raw store keeps, so a sliding window gives what the raw rows would.
 */
@ApplicationScoped
public class TestCommitStore {

    private static final String STAGE = "test_commit_stage";

    /**
     * Folds the batch per test and commit, stages it by COPY and merges it in one statement (as the buckets are: no
     * per-row parameter arrays for the driver to encode, which was a twentieth of the analysis JVM's time). Rows are
     * staged in key order, which the merge reads back from the session's fresh staging table, so two transactions
     * writing the same tests lock them in the same order instead of deadlocking.
     */
    // Long: the staged columns and the merge that reads them, together so that their order is read in one place
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
        StagingTables.ensure(connection, STAGE, """
                project text, branch text, test_name text, suite text, class_name text, commit_key text,
                last_seen_at timestamptz, last_passed_at timestamptz, last_failed_at timestamptz, last_marked_at timestamptz""");
        CopyRows rows = new CopyRows();
        folded.forEach((key, seen) -> rows.text(key.project()).text(key.branch()).text(key.name()).text(key.suite())
                .text(key.className()).text(key.commit()).text(seen.seen()).text(seen.passed()).text(seen.failed())
                .text(seen.marked()).endRow());
        rows.copyInto(connection, STAGE);
        // An update only when a time moves forward: a redelivered or older execution rewrites no row. The staged rows
        // are taken out as they are merged: a halved batch stages again in the same transaction.
        try (PreparedStatement upsert = connection.prepareStatement("""
                with staged as (delete from %s returning *)
                insert into test_commit as t (project, branch, test_name, suite, class_name, commit_key, last_seen_at,
                                              last_passed_at, last_failed_at, last_marked_at)
                select project, branch, test_name, suite, class_name, commit_key, last_seen_at, last_passed_at,
                       last_failed_at, last_marked_at
                from staged
                on conflict (project, branch, test_name, suite, class_name, commit_key) do update set
                    last_seen_at = greatest(t.last_seen_at, excluded.last_seen_at),
                    last_passed_at = greatest(t.last_passed_at, excluded.last_passed_at),
                    last_failed_at = greatest(t.last_failed_at, excluded.last_failed_at),
                    last_marked_at = greatest(t.last_marked_at, excluded.last_marked_at)
                where excluded.last_seen_at > t.last_seen_at
                   or excluded.last_passed_at > coalesce(t.last_passed_at, '-infinity')
                   or excluded.last_failed_at > coalesce(t.last_failed_at, '-infinity')
                   or excluded.last_marked_at > coalesce(t.last_marked_at, '-infinity')""".formatted(STAGE))) {
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

        static Key of(Outcome outcome) {
            Outcome.Run run = outcome.run();
            return new Key(outcome.project(), run.branch() == null ? "" : run.branch(), outcome.test().name(), outcome.suite(),
                    outcome.test().className() == null ? "" : outcome.test().className(),
                    run.commit() != null ? run.commit() : outcome.pipeline() + "#" + run.id());
        }

        // written out: the comparator chain (a lambda and a key extraction per field) was 2% of the JVM's samples
        @Override
        public int compareTo(Key other) {
            int order = project.compareTo(other.project);
            if (order == 0) {
                order = branch.compareTo(other.branch);
            }
            if (order == 0) {
                order = name.compareTo(other.name);
            }
            if (order == 0) {
                order = suite.compareTo(other.suite);
            }
            if (order == 0) {
                order = className.compareTo(other.className);
            }
            return order != 0 ? order : commit.compareTo(other.commit);
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
