package dev.testpulse.analysis.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.consume.OutcomeBatchApplier;
import dev.testpulse.analysis.insights.FlakyRule.CommitExecutions;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.windows.RecentRuns;
import dev.testpulse.analysis.windows.Window;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The flaky signal kept as outcomes are counted ({@code test_commit}) folds to exactly what the raw outcomes fold to,
 * for every time window, branch, suite and name filter, and the flaky tests it finds through it for "last N runs"
 * windows (candidates first) are those of the raw outcomes: the same random outcomes go through the batch applier (so
 * deduplication, the backfill split and out-of-order batches apply as in production), then both reads are compared.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class TestCommitStoreTest {

    private static final String TOPIC = "test-commit-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String[] STATUSES = { "passed", "passed", "passed", "failed", "error", "skipped" };
    private static final String[] SUITES = { "api", "ui" };
    private static final String[] CLASSES = { null, "a.Cart", "b.Cart" };
    private static final String[] BRANCHES = { "main", "main", "feature", null };
    private static final String[] COMMITS = { "c1", "c2", "c3", "c4", null };

    @Inject
    OutcomeBatchApplier applier;

    @Inject
    FlakyTests flakyTests;

    @Inject
    TestCommitStore store;

    @Inject
    DataSource dataSource;

    private final String project = "tc-" + UUID.randomUUID().toString().substring(0, 8);
    // one topic for the class, whose offsets the applier stores: every test's batches go on after the last one's
    private static long offset;
    private int executions;

    @Test
    void keptRowsFoldToWhatTheRawOutcomesFoldToForEveryWindowAndFilter() throws Exception {
        Random random = new Random(25);
        Instant now = Instant.now();
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            outcomes.add(randomOutcome(random, now, i));
        }
        // a few re-sent outcomes (same id): counted once, in either read
        for (int i = 0; i < 50; i++) {
            outcomes.add(outcomes.get(random.nextInt(outcomes.size())));
        }
        Collections.shuffle(outcomes, random); // old and new executions of one test and commit arrive in any order
        for (int from = 0; from < outcomes.size(); from += 100) {
            applier.apply(batch(outcomes.subList(from, Math.min(from + 100, outcomes.size()))));
        }

        List<String> windows = List.of("10m", "1h", "6h", "24h", "3d", "7d", "30d", "runs:1", "runs:3", "runs:20");
        List<Collection<String>> names = List.of(List.of("t0", "t1", "t5"), List.of("t3"), List.of("absent"));
        int flakyFound = 0;
        try (Connection connection = dataSource.getConnection()) {
            for (String text : windows) {
                Window window = Window.parse(text, 20, 1_000, Duration.ofDays(30));
                for (String branch : Arrays.asList(null, "main", "feature", "")) {
                    for (String suite : Arrays.asList(null, "ui")) {
                        String at = text + " branch " + branch + " suite " + suite;
                        if (window instanceof Window.Sliding) {
                            assertThat(sorted(kept(connection, suite, branch, window, now, null)))
                                    .as(at).isEqualTo(sorted(FlakyTests.raw(connection, project, suite, branch, window, now, null)));
                        }
                        List<FlakyTest> found = flakyTests.find(connection, project, suite, branch, window, now, null);
                        assertThat(found).as(at).isEqualTo(FlakyRule.flakyTests(
                                FlakyTests.raw(connection, project, suite, branch, window, now, null)));
                        flakyFound += found.size();
                        for (Collection<String> some : names) {
                            assertThat(flakyTests.find(connection, project, suite, branch, window, now, some)).as(at + " " + some)
                                    .isEqualTo(FlakyRule.flakyTests(FlakyTests.raw(connection, project, suite, branch, window, now, some)));
                        }
                    }
                }
            }
        }
        // the comparison means something: windows, branches and suites with flaky tests (marked and mixed) were compared
        assertThat(flakyFound).isGreaterThan(50);
        assertThat(backfilled()).as("outcomes past the raw retention reached the applier").isPositive();
    }

    @Test
    void aConnectionInAutocommitIsRefusedRatherThanLosingTheStagedRows() throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            // each statement would commit alone, and the commit empties the staging table before the merge reads it
            assertThatThrownBy(() -> store.add(connection, List.of(outcome("passed", at, null))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("autocommit");
            addCommitted(connection, List.of(outcome("passed", at, null)));
            assertThat(times(connection)).as("in a transaction the row is there").isNotEmpty();
        }
    }

    @Test
    void anOlderOrRepeatedExecutionRewritesNoRowALaterOneMovesItsTime() throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        try (Connection connection = dataSource.getConnection()) {
            addCommitted(connection, List.of(outcome("passed", at, null)));
            long version = rowVersion(connection);

            addCommitted(connection, List.of(outcome("passed", at, null), outcome("passed", at.minusSeconds(60), Boolean.FALSE),
                    outcome("skipped", at.plusSeconds(60), Boolean.TRUE)));
            assertThat(rowVersion(connection)).as("nothing moved forward: the row is not rewritten").isEqualTo(version);

            addCommitted(connection, List.of(outcome("error", at.minusSeconds(60), Boolean.TRUE)));
            assertThat(rowVersion(connection)).as("a first failure, even an older one, is news").isNotEqualTo(version);
            assertThat(times(connection)).containsExactly(at.toString(), at.toString(), at.minusSeconds(60).toString(),
                    at.minusSeconds(60).toString());
        }
    }

    @Test
    void lastRunsThatFollowEachOtherAreReadFromTheKeptRowsAndEqualTheRawOutcomes() throws Exception {
        Instant now = Instant.now();
        applier.apply(batch(sequentialRuns(now)));
        try (Connection connection = dataSource.getConnection()) {
            assertThat(flakyTests.keptSince(connection, project, null, "main", runs(3), now)).as("kept path taken")
                    .isEqualTo(firstObserved(connection, 3));
            for (String text : List.of("runs:1", "runs:3", "runs:5", "runs:20")) {
                Window.LastRuns window = runs(Integer.parseInt(text.substring(5)));
                for (String suite : Arrays.asList(null, "api")) {
                    for (String branch : Arrays.asList(null, "main")) {
                        String at = text + " branch " + branch + " suite " + suite;
                        Instant since = flakyTests.keptSince(connection, project, suite, branch, window, now);
                        assertThat(since).as(at + ": kept path taken").isNotNull();
                        assertThat(sorted(FlakyTests.kept(connection, project, suite, branch, since, null))).as(at)
                                .isEqualTo(sorted(FlakyTests.raw(connection, project, suite, branch, window, now, null)));
                        assertFoundAsRaw(connection, suite, branch, window, now, at);
                    }
                }
            }
            assertThat(flakyTests.find(connection, project, null, "main", runs(3), now, List.of("t1", "t3")))
                    .as("the comparison means something").extracting(FlakyTest::name).containsExactly("t1");
            assertThat(flakyTests.find(connection, project, null, "main", runs(4), now, null)).extracting(FlakyTest::name)
                    .containsExactlyInAnyOrder("t1", "t3");
            assertThat(flakyTests.find(connection, project, null, "main", runs(5), now, null)).extracting(FlakyTest::name)
                    .containsExactlyInAnyOrder("t0", "t1", "t3");
            // 30 days of raw retention, and a week more for a run that began before the horizon and went on after it
            assertThat(flakyTests.keptSince(connection, project, null, "main", runs(3), now.plus(Duration.ofDays(22))))
                    .as("the runs began more than a week inside the raw retention of that time: kept path").isNotNull();
            assertThat(flakyTests.keptSince(connection, project, null, "main", runs(3), now.plus(Duration.ofDays(23))))
                    .as("the runs began less than a week inside the raw retention of that time: raw path").isNull();
        }
    }

    @Test
    void aRunOutsideTheWindowThatOverlapsTheFirstOfThemIsReadFromTheRawOutcomes() throws Exception {
        Instant now = Instant.now();
        List<String> outcomes = sequentialRuns(now);
        // run 2 (outside the last 3) still runs t1 when run 3 has begun
        outcomes.add(execution(now, 2, 28, "t1", "passed"));
        assertRawPathTakenAndNeeded(outcomes, now);
    }

    @Test
    void aRunOutsideTheWindowThatAddsLateIsReadFromTheRawOutcomes() throws Exception {
        Instant now = Instant.now();
        List<String> outcomes = sequentialRuns(now);
        applier.apply(batch(outcomes));
        // run 1 reports one more execution after run 5 has finished
        assertRawPathTakenAndNeeded(List.of(execution(now, 1, 2, "t1", "passed")), now);
    }

    @Test
    void aRunWithoutBoundsInOrOutsideTheWindowIsReadFromTheRawOutcomes() throws Exception {
        Instant now = Instant.now();
        applier.apply(batch(sequentialRuns(now)));
        try (Connection connection = dataSource.getConnection()) {
            forgetBound(connection, "last_observed", "r1");
            assertThat(flakyTests.keptSince(connection, project, null, "main", runs(3), now))
                    .as("a run outside with no known latest time (counted before V26)").isNull();
            assertFoundAsRaw(connection, null, "main", runs(3), now, "unknown latest");
            forgetBound(connection, "first_observed", "r4");
            assertThat(flakyTests.keptSince(connection, project, null, "main", runs(5), now))
                    .as("an unbounded window (a run counted before V13)").isNull();
            assertFoundAsRaw(connection, null, "main", runs(5), now, "unbounded");
        }
    }

    @Test
    void runsCountedBeforeV26GetTheLatestTimeTheCountingWouldHaveKept() throws Exception {
        Instant now = Instant.now();
        applier.apply(batch(sequentialRuns(now)));
        String migration;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V26__run_last_observed.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Instant> counted = lastObserved(connection);
            assertThat(counted).hasSize(5).doesNotContainValue(null);
            try (PreparedStatement forget = connection.prepareStatement("update run_counts set last_observed = null where project = ?")) {
                forget.setString(1, project);
                forget.executeUpdate();
            }
            assertThat(flakyTests.keptSince(connection, project, null, "main", runs(3), now)).isNull();
            try (Statement backfill = connection.createStatement()) {
                backfill.execute(migration.substring(migration.indexOf("update run_counts")));
            }
            assertThat(lastObserved(connection)).isEqualTo(counted);
            assertThat(flakyTests.keptSince(connection, project, null, "main", runs(3), now)).isNotNull();
        }
    }

    private Map<String, Instant> lastObserved(Connection connection) throws Exception {
        try (PreparedStatement query = connection.prepareStatement("select run_id, last_observed from run_counts where project = ?")) {
            query.setString(1, project);
            Map<String, Instant> last = new TreeMap<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant());
                }
            }
            return last;
        }
    }

    /** The raw path is taken, gives the raw answer, and the kept rows alone since the runs' first outcome would not. */
    private void assertRawPathTakenAndNeeded(List<String> outcomes, Instant now) throws Exception {
        applier.apply(batch(outcomes));
        try (Connection connection = dataSource.getConnection()) {
            assertThat(flakyTests.keptSince(connection, project, null, "main", runs(3), now)).as("raw path taken").isNull();
            List<FlakyTest> raw = FlakyRule.flakyTests(FlakyTests.raw(connection, project, null, "main", runs(3), now, null));
            assertThat(raw).extracting(FlakyTest::name).containsExactly("t1");
            assertThat(FlakyRule.flakyTests(FlakyTests.kept(connection, project, null, "main", firstObserved(connection, 3), null)))
                    .as("without the check the kept rows count run 2's commit").isNotEqualTo(raw);
            assertFoundAsRaw(connection, null, "main", runs(3), now, "raw path");
        }
    }

    private void assertFoundAsRaw(Connection connection, String suite, String branch, Window window, Instant now, String at)
            throws Exception {
        assertThat(flakyTests.find(connection, project, suite, branch, window, now, null)).as(at)
                .isEqualTo(FlakyRule.flakyTests(FlakyTests.raw(connection, project, suite, branch, window, now, null)));
        for (Collection<String> some : List.of(List.of("t0", "t1", "t2"), List.of("t3"))) {
            assertThat(flakyTests.find(connection, project, suite, branch, window, now, some)).as(at + " " + some)
                    .isEqualTo(FlakyRule.flakyTests(FlakyTests.raw(connection, project, suite, branch, window, now, some)));
        }
    }

    /**
     * Five runs on main, one after the other, ten minutes apart: t0 fails on c1 in run 1 and passes on c1 again in run
     * 4 (flaky over five runs, not fewer); t1 passes and fails on run 5's commit (flaky in any window); t3 on run 2's
     * commit (flaky over four runs or more); t2 passes.
     */
    private List<String> sequentialRuns(Instant now) {
        List<String> outcomes = new ArrayList<>();
        for (int run = 1; run <= 5; run++) {
            outcomes.add(execution(now, run, 59 - 10 * run, "t2", "passed"));
        }
        outcomes.add(execution(now, 1, 48, "t0", "failed"));
        outcomes.add(execution(now, 4, 18, "t0", "passed"));
        outcomes.add(execution(now, 5, 8, "t1", "failed"));
        outcomes.add(execution(now, 5, 7, "t1", "passed"));
        outcomes.add(execution(now, 2, 38, "t3", "error"));
        outcomes.add(execution(now, 2, 37, "t3", "passed"));
        outcomes.add(execution(now, 3, 28, "t0", "skipped"));
        return outcomes;
    }

    /** An execution of suite api in run r{@code run} (begun {@code 60 - 10 * run} minutes ago, commit c1 for run 4). */
    private String execution(Instant now, int run, long minutesAgo, String test, String status) {
        return """
                {"schema":"testpulse.outcome/v1","id":"%s-s%d","project":"%s","pipeline":"ci",
                 "run":{"id":"r%d","attempt":1,"started_at":"%s","commit":"c%d","branch":"main"},"suite":"api",
                 "test":{"class":"a.Cart","name":"%s","tags":[]},"status":"%s","duration_ms":5,"retry":0,
                 "observed_at":"%s"}""".formatted(project, executions++, project, run, now.minus(Duration.ofMinutes(60 - 10L * run)),
                run == 4 ? 1 : run, test, status, now.minus(Duration.ofMinutes(minutesAgo)));
    }

    private static Window.LastRuns runs(int n) {
        return new Window.LastRuns(n);
    }

    /** The recent runs' earliest first outcome, without asking whether the outcomes since then are theirs alone. */
    private Instant firstObserved(Connection connection, int runs) throws Exception {
        RecentRuns recent = RecentRuns.of(project, null, null, "main", runs);
        try (PreparedStatement query = FailureGroups.prepare(connection, "with " + recent.cte() + " select "
                + RecentRuns.firstObserved(), recent.parameters()); ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private void forgetBound(Connection connection, String column, String run) throws Exception {
        try (PreparedStatement update = connection.prepareStatement(
                "update run_counts set " + column + " = null where project = ? and run_id = ?")) {
            update.setString(1, project);
            update.setString(2, run);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private List<CommitExecutions> kept(Connection connection, String suite, String branch, Window window, Instant now,
            Collection<String> names) throws Exception {
        return FlakyTests.kept(connection, project, suite, branch, RawScope.since((Window.Sliding) window, now), names);
    }

    private static List<CommitExecutions> sorted(List<CommitExecutions> executions) {
        return executions.stream().map(e -> new CommitExecutions(e.suite(), e.testKey(), e.className(), e.name(), e.commit(),
                e.passed(), e.failed(), e.marked(), e.last(), e.branches().stream().sorted().toList()))
                .sorted(Comparator.comparing(CommitExecutions::toString)).toList();
    }

    /**
     * Any mix the rule meets: retries, marks, skips, unknown commits and branches, one name in two suites and classes,
     * commits run more than once. 40 runs, each a few minutes long: ten in the last 100 minutes, ten in the last two
     * days, fifteen over the month and five that began past the 30-day raw retention (backfill: hour buckets only).
     */
    private String randomOutcome(Random random, Instant now, int i) {
        int run = random.nextInt(40);
        long runMinutesAgo = run < 10 ? 10 + run * 9L : run < 20 ? (run - 10) * 288L : run < 35 ? (run - 20) * 2_000L
                : 29 * 24 * 60 + (run - 35) * 860L;
        Instant started = now.minus(Duration.ofMinutes(runMinutesAgo + 10));
        String commit = COMMITS[run % COMMITS.length];
        String branch = BRANCHES[random.nextInt(BRANCHES.length)];
        String className = CLASSES[random.nextInt(CLASSES.length)];
        Boolean flaky = random.nextInt(10) == 0 ? Boolean.TRUE : random.nextBoolean() ? null : Boolean.FALSE;
        return """
                {"schema":"testpulse.outcome/v1","id":"%s-%d","project":"%s","pipeline":"%s",
                 "run":{"id":"r%d","attempt":%d,"started_at":"%s"%s%s},"suite":"%s",
                 "test":{%s"name":"t%d","tags":[]},"status":"%s","duration_ms":5,"retry":%d,
                 "observed_at":"%s"%s}""".formatted(project, i, project, random.nextBoolean() ? "ci" : "nightly", run,
                1 + random.nextInt(2), started, commit == null ? "" : ",\"commit\":\"" + commit + "\"",
                branch == null ? "" : ",\"branch\":\"" + branch + "\"", SUITES[random.nextInt(SUITES.length)],
                className == null ? "" : "\"class\":\"" + className + "\",", random.nextInt(8), STATUSES[random.nextInt(STATUSES.length)],
                random.nextInt(3), started.plusMillis(random.nextInt(10 * 60_000)), flaky == null ? "" : ",\"flaky\":" + flaky);
    }

    private ConsumerRecords<String, String> batch(List<String> values) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (String value : values) {
            records.add(new ConsumerRecord<>(TOPIC, 0, offset++, project + "/s", value));
        }
        return new ConsumerRecords<>(Map.of(partition, records), Map.of());
    }

    private Outcome outcome(String status, Instant observedAt, Boolean flaky) {
        return new Outcome(Outcome.SCHEMA, UUID.randomUUID().toString(), project, "ci", new Outcome.Run("r1", 1, null, "c1", "main", null),
                "api", new Outcome.Test("a.Cart", "pays", null, List.of()), status, 5, null, 0, observedAt, flaky);
    }

    private long backfilled() throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select coalesce(sum(passed + failed + error + skipped), 0) from hour_counts
                        where project = ? and test_key = '' and bucket < now() - interval '30 days'""")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** As counting calls it: in a transaction of its own (the store stages rows until the commit). */
    private void addCommitted(Connection connection, List<Outcome> outcomes) throws Exception {
        connection.setAutoCommit(false);
        try {
            store.add(connection, outcomes);
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private long rowVersion(Connection connection) throws Exception {
        try (PreparedStatement query = connection.prepareStatement("select xmin::text::bigint from test_commit where project = ?")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private List<String> times(Connection connection) throws Exception {
        try (PreparedStatement query = connection.prepareStatement("""
                select last_seen_at, last_passed_at, last_failed_at, last_marked_at from test_commit where project = ?""")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                List<String> times = new ArrayList<>();
                for (int i = 1; i <= 4; i++) {
                    times.add(rs.getTimestamp(i) == null ? null : rs.getTimestamp(i).toInstant().toString());
                }
                return times;
            }
        }
    }
}
