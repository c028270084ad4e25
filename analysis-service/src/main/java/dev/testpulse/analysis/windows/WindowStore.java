package dev.testpulse.analysis.windows;

import dev.testpulse.analysis.storage.CopyRows;
import dev.testpulse.analysis.storage.SqlArrays;
import dev.testpulse.analysis.storage.StagingTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.windows.BatchAggregate.BucketKey;
import dev.testpulse.analysis.windows.BatchAggregate.RunCounts;
import dev.testpulse.analysis.windows.BatchAggregate.RunKey;
import dev.testpulse.analysis.windows.BatchAggregate.TestName;

/**
 * Adds a batch's aggregate to the bucket, run and test tables: one upsert statement per table, in the caller's
 * transaction. The buckets (about one row per outcome and grain: a test seldom runs twice in a minute) go in by COPY
 * into a staging table and one set-based merge; runs and tests, a few rows per suite, as arrays.
 */
@ApplicationScoped
public class WindowStore {

    private static final String BUCKET_STAGE = "bucket_stage";

    public void add(Connection connection, BatchAggregate aggregate) throws SQLException {
        for (Buckets grain : Buckets.values()) {
            addBuckets(connection, grain, aggregate.buckets(grain), aggregate.mutedFailures(grain));
        }
        addRuns(connection, aggregate.runs(), aggregate.mutedRunFailures());
        addTests(connection, aggregate.tests());
    }

    /** Deletes the grain's buckets that start before {@code before}. */
    public void pruneBuckets(Connection connection, Buckets grain, java.time.Instant before) throws SQLException {
        prune(connection, "delete from " + grain.table() + " where bucket < ?::timestamptz", before);
    }

    /** Deletes per-run counts of runs that started before {@code before}. */
    public void pruneRuns(Connection connection, java.time.Instant before) throws SQLException {
        prune(connection, "delete from run_counts where started_at < ?::timestamptz", before);
    }

    private static void prune(Connection connection, String sql, java.time.Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, before.toString());
            delete.executeUpdate();
        }
    }

    private static void addBuckets(Connection connection, Buckets grain, Map<BucketKey, Counts> buckets, Map<BucketKey, Long> muted)
            throws SQLException {
        if (buckets.isEmpty()) {
            return;
        }
        StagingTables.ensure(connection, BUCKET_STAGE, """
                project text, branch text, suite text, test_key text, bucket timestamptz,
                passed bigint, failed bigint, error bigint, skipped bigint, muted_failed bigint""");
        CopyRows rows = new CopyRows();
        buckets.forEach((key, counts) -> rows.text(key.series().project()).text(key.series().branch()).text(key.series().suite())
                .text(key.series().testKey()).text(key.bucket()).number(counts.passed()).number(counts.failed())
                .number(counts.error()).number(counts.skipped()).number(muted.getOrDefault(key, 0L)).endRow());
        rows.copyInto(connection, BUCKET_STAGE);
        // the staged rows are taken out as they are merged: the next grain, or a halved batch, stages its own
        try (PreparedStatement upsert = connection.prepareStatement("""
                with staged as (delete from %2$s returning *)
                insert into %1$s (project, branch, suite, test_key, bucket, passed, failed, error, skipped, muted_failed)
                select project, branch, suite, test_key, bucket, passed, failed, error, skipped, muted_failed from staged
                on conflict (project, suite, test_key, branch, bucket) do update set
                    passed = %1$s.passed + excluded.passed, failed = %1$s.failed + excluded.failed,
                    error = %1$s.error + excluded.error, skipped = %1$s.skipped + excluded.skipped,
                    muted_failed = %1$s.muted_failed + excluded.muted_failed
                """.formatted(grain.table(), BUCKET_STAGE))) {
            upsert.executeUpdate();
        }
    }

    // Long: one merge statement and the arrays bound to it, together so that each column's position is read in one place
    private static void addRuns(Connection connection, Map<RunKey, RunCounts> runs, Map<RunKey, Long> muted) throws SQLException {
        if (runs.isEmpty()) {
            return;
        }
        List<Map.Entry<RunKey, RunCounts>> rows = new ArrayList<>(runs.entrySet());
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into run_counts (project, branch, suite, test_key, pipeline, run_id, attempt, started_at,
                                        passed, failed, error, skipped, first_observed, muted_failed, last_observed)
                select p, b, s, t, pl, r, a::integer, st::timestamptz, pa, fa, er, sk, fo::timestamptz, mf, lo::timestamptz
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                            ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[])
                     as u(p, b, s, t, pl, r, a, st, pa, fa, er, sk, fo, mf, lo)
                on conflict (project, suite, test_key, branch, pipeline, run_id, attempt) do update set
                    started_at = least(run_counts.started_at, excluded.started_at),
                    -- a row from before V13 has no bound: its earlier outcomes are not in this one
                    first_observed = case when run_counts.first_observed is null then null
                                          else least(run_counts.first_observed, excluded.first_observed) end,
                    -- and one whose latest raw row had gone when V26 was applied has no known latest either
                    last_observed = case when run_counts.last_observed is null then null
                                         else greatest(run_counts.last_observed, excluded.last_observed) end,
                    passed = run_counts.passed + excluded.passed, failed = run_counts.failed + excluded.failed,
                    error = run_counts.error + excluded.error, skipped = run_counts.skipped + excluded.skipped,
                    muted_failed = run_counts.muted_failed + excluded.muted_failed
                """)) {
            upsert.setArray(1, SqlArrays.text(connection, rows, row -> row.getKey().series().project()));
            upsert.setArray(2, SqlArrays.text(connection, rows, row -> row.getKey().series().branch()));
            upsert.setArray(3, SqlArrays.text(connection, rows, row -> row.getKey().series().suite()));
            upsert.setArray(4, SqlArrays.text(connection, rows, row -> row.getKey().series().testKey()));
            upsert.setArray(5, SqlArrays.text(connection, rows, row -> row.getKey().pipeline()));
            upsert.setArray(6, SqlArrays.text(connection, rows, row -> row.getKey().runId()));
            upsert.setArray(7, SqlArrays.bigint(connection, rows, row -> row.getKey().attempt()));
            upsert.setArray(8, SqlArrays.text(connection, rows, row -> row.getValue().startedAt()));
            bindCounts(connection, upsert, 9, rows.stream().map(row -> row.getValue().counts()).toList());
            upsert.setArray(13, SqlArrays.text(connection, rows, row -> row.getValue().firstObserved()));
            upsert.setArray(14, SqlArrays.bigint(connection, rows, row -> muted.getOrDefault(row.getKey(), 0L)));
            upsert.setArray(15, SqlArrays.text(connection, rows, row -> row.getValue().lastObserved()));
            upsert.executeUpdate();
        }
    }

    private static void addTests(Connection connection, List<TestName> tests) throws SQLException {
        if (tests.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into tests (project, suite, test_key, class_name, test_name)
                select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                on conflict do nothing""")) {
            insert.setArray(1, SqlArrays.text(connection, tests, TestName::project));
            insert.setArray(2, SqlArrays.text(connection, tests, TestName::suite));
            insert.setArray(3, SqlArrays.text(connection, tests, TestName::testKey));
            insert.setArray(4, SqlArrays.text(connection, tests, TestName::className));
            insert.setArray(5, SqlArrays.text(connection, tests, TestName::name));
            insert.executeUpdate();
        }
    }

    private static void bindCounts(Connection connection, PreparedStatement statement, int first, List<Counts> counts)
            throws SQLException {
        statement.setArray(first, SqlArrays.bigint(connection, counts, Counts::passed));
        statement.setArray(first + 1, SqlArrays.bigint(connection, counts, Counts::failed));
        statement.setArray(first + 2, SqlArrays.bigint(connection, counts, Counts::error));
        statement.setArray(first + 3, SqlArrays.bigint(connection, counts, Counts::skipped));
    }
}
