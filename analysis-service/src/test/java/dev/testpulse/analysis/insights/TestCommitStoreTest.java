package dev.testpulse.analysis.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
    private long offset;

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
    void anOlderOrRepeatedExecutionRewritesNoRowALaterOneMovesItsTime() throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        try (Connection connection = dataSource.getConnection()) {
            store.add(connection, List.of(outcome("passed", at, null)));
            long version = rowVersion(connection);

            store.add(connection, List.of(outcome("passed", at, null), outcome("passed", at.minusSeconds(60), Boolean.FALSE),
                    outcome("skipped", at.plusSeconds(60), Boolean.TRUE)));
            assertThat(rowVersion(connection)).as("nothing moved forward: the row is not rewritten").isEqualTo(version);

            store.add(connection, List.of(outcome("error", at.minusSeconds(60), Boolean.TRUE)));
            assertThat(rowVersion(connection)).as("a first failure, even an older one, is news").isNotEqualTo(version);
            assertThat(times(connection)).containsExactly(at.toString(), at.toString(), at.minusSeconds(60).toString(),
                    at.minusSeconds(60).toString());
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
