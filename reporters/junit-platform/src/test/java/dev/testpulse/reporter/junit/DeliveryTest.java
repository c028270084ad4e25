package dev.testpulse.reporter.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import com.fasterxml.jackson.databind.JsonNode;

import dev.testpulse.reporter.junit.fixtures.MixedOutcomes;
import dev.testpulse.reporter.junit.fixtures.StreamingFixture;

/** How outcomes travel: while the run goes on, through 503s, and not at all when ingest is away or stuck. */
class DeliveryTest {

    // far above the 1 s flush bound these tests set: only a reporter that hangs the run could miss it
    private static final Duration HANG = Duration.ofSeconds(60);

    @Test
    void outcomesArriveWhileTheRunIsStillGoing() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting()) {
            StreamingFixture.firstArrived = () -> ingest.outcomesReceived().stream()
                    .anyMatch(outcome -> outcome.at("/test/name").asText().equals("first"));
            TestExecutionSummary summary;
            try {
                summary = Launches.run(Launches.reporter(ingest.url(), "testpulse.batch.millis", "20"), selectClass(StreamingFixture.class));
            } finally {
                StreamingFixture.firstArrived = () -> false;
            }

            assertThat(summary.getFailures()).isEmpty();
            assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        }
    }

    @Test
    void ingestDownLeavesTheRunAloneAndKeepsEveryOutcomeInTheSpoolFileTheSummaryNames() throws Exception {
        try (LogCapture log = new LogCapture()) {
            String url = Launches.closedPortUrl();
            TestpulseReporter reporter = Launches.reporter(url, "testpulse.flush.seconds", "1");

            TestExecutionSummary summary = assertTimeoutPreemptively(HANG, () -> Launches.run(reporter, selectClass(MixedOutcomes.class)));

            assertMixedOutcomesRanAsUsual(summary);
            assertThat(reporter.summary().sent()).isZero();
            assertThat(reporter.summary().dropped()).isZero();
            assertThat(reporter.summary().spooled()).isEqualTo(MixedOutcomes.OUTCOMES);
            assertThat(reporter.summary().problem()).startsWith("ingest unreachable: ");
            Path spool = reporter.summary().spoolFile();
            List<String> lines = Files.readAllLines(spool);
            assertThat(lines).hasSize(MixedOutcomes.OUTCOMES);
            assertThat(lines.stream().map(DeliveryTest::json).map(outcome -> outcome.get("id").asText())).doesNotHaveDuplicates()
                    .allMatch(id -> id.matches("jp:[0-9a-f]{32}"));
            Path notice = spool.resolveSibling(spool.getFileName().toString().replace(".ndjson", ".finished.json"));
            assertThat(json(Files.readString(notice)).get("outcomes").asInt()).isEqualTo(MixedOutcomes.OUTCOMES);
            assertThat(Launches.stateDir(reporter).resolve(Part.UNREACHABLE_MARK)).exists();
            // one line for the quarantine list it could not fetch, one for the outcomes
            assertThat(log.records()).hasSize(2).first().extracting(LogRecord::getMessage).asString()
                    .startsWith("testpulse: quarantine list unavailable (ingest unreachable").endsWith("every test runs normally");
            assertThat(log.records().get(1)).satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getThrown()).isNull();
                assertThat(record.getMessage()).startsWith("testpulse: 0 outcomes sent to http://127.0.0.1:")
                        .contains(", 0 dropped, 9 not sent yet (ingest unreachable: ").contains(" — kept in " + spool + " and " + notice.getFileName())
                        .contains("curl -fsS -H \"Authorization: Bearer $TESTPULSE_TOKEN\" -H 'Content-Type: application/x-ndjson' --data-binary @'"
                                + spool + "' '" + url + "/api/v1/outcomes' && curl ")
                        .contains("--data-binary @'" + notice + "' '" + url + "/api/v1/runs/finished'");
            });
        }
    }

    @Test
    void aLaterPartOfABuildThatFoundIngestAwayDoesNotWaitForItAtItsEnd() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger finishedNotices = new AtomicInteger();
        try (FakeIngest ingest = FakeIngest.answering((path, index) -> {
            if (path.endsWith("/runs/finished")) {
                finishedNotices.incrementAndGet();
            }
            never.await();
            return 202;
        })) {
            ReporterConfig config = Launches.config(ingest.url(), "testpulse.flush.seconds", "30");
            Files.createDirectories(config.stateDir());
            Files.writeString(config.stateDir().resolve(Part.UNREACHABLE_MARK), "an earlier JVM of this build\n" + ingest.url() + "\n");
            TestpulseReporter reporter = new TestpulseReporter(config);

            // a 30 s flush bound against an ingest that never answers: only a part that does not wait ends in time
            TestExecutionSummary summary = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> Launches.run(reporter, selectClass(MixedOutcomes.class)));

            assertMixedOutcomesRanAsUsual(summary);
            assertThat(reporter.summary().spooled()).isEqualTo(MixedOutcomes.OUTCOMES);
            // kept for the upload instead of tried: ingest did not answer the JVMs before
            assertThat(finishedNotices).hasValue(0);
            assertThat(Files.readString(config.stateDir().resolve("unsent-" + reporter.summary().spoolFile().getFileName().toString()
                    .replace("unsent-", "").replace(".ndjson", "") + ".finished.json"))).contains("\"outcomes\":9");
        }
    }

    @Test
    void aPartEndedWhileItsBatchIsStillFillingKeepsEveryOutcomeOfThatBatch() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting()) {
            // another JVM found ingest away and this part sends nothing before its end: it does not wait, and the
            // sender is stopped while it still collects its first batch (a minute's batch interval)
            ReporterConfig config = Launches.config(ingest.url(), "testpulse.batch.millis", "60000");
            Files.createDirectories(config.stateDir());
            Files.writeString(config.stateDir().resolve(Part.UNREACHABLE_MARK), "an earlier JVM of this build\n" + ingest.url() + "\n");
            TestpulseReporter reporter = new TestpulseReporter(config);

            Launches.run(reporter, selectClass(MixedOutcomes.class));

            assertThat(reporter.summary().sent() + reporter.summary().spooled()).isEqualTo(MixedOutcomes.OUTCOMES);
            assertThat(reporter.summary().dropped()).isZero();
        }
    }

    @Test
    void aMarkLeftByAnOlderBuildDoesNotKeepAPartThatSentNothingYetFromSending() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting()) {
            // ingest was away for an earlier build, and this short part ends before its first batch is due (LiveRunIT
            // lost a whole run this way): the part still sends, says it finished, and clears the mark
            ReporterConfig config = Launches.config(ingest.url(), "testpulse.batch.millis", "60000");
            Files.createDirectories(config.stateDir());
            Path mark = config.stateDir().resolve(Part.UNREACHABLE_MARK);
            Files.writeString(mark, "an earlier build\n" + ingest.url() + "\n");
            TestpulseReporter reporter = new TestpulseReporter(config);

            Launches.run(reporter, selectClass(MixedOutcomes.class));

            assertThat(reporter.summary().sent()).isEqualTo(MixedOutcomes.OUTCOMES);
            assertThat(reporter.summary().spooled()).isZero();
            assertThat(ids(ingest.outcomesAccepted())).hasSize(MixedOutcomes.OUTCOMES).doesNotHaveDuplicates();
            assertThat(mark).doesNotExist();
        }
    }

    @Test
    void aMarkNamingAnotherIngestDoesNotShortenThisPartsWait() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        try (FakeIngest ingest = FakeIngest.answering((path, index) -> {
            // slower than the probe a mark would allow, well within the flush bound
            slow.await(Part.MARKED_PROBE.toMillis() + 1500, TimeUnit.MILLISECONDS);
            return path.endsWith("/outcomes") || path.endsWith("/runs/finished") ? 202 : 404;
        })) {
            ReporterConfig config = Launches.config(ingest.url(), "testpulse.batch.millis", "60000", "testpulse.flush.seconds", "30");
            Files.createDirectories(config.stateDir());
            Files.writeString(config.stateDir().resolve(Part.UNREACHABLE_MARK), "another build\nhttp://127.0.0.1:9/\n");
            TestpulseReporter reporter = new TestpulseReporter(config);

            Launches.run(reporter, selectClass(MixedOutcomes.class));

            assertThat(reporter.summary().sent()).isEqualTo(MixedOutcomes.OUTCOMES);
            assertThat(reporter.summary().spooled()).isZero();
        }
    }

    @Test
    void aBatchAnswered503IsSentAgainWithTheSameIdsAndEveryOutcomeCountsOnce() throws Exception {
        try (FakeIngest ingest = FakeIngest.answering((path, index) -> !path.endsWith("/outcomes") ? 404 : index == 0 ? 503 : 202)) {
            // the batch goes at the part's end, which waits for its retry: a 503 answered while the tests still ran
            // would leave a part ending right after it with ingest failing, which rightly waits for nothing
            TestpulseReporter reporter = Launches.reporter(ingest.url(), "testpulse.batch.millis", "60000");
            Launches.run(reporter, selectClass(MixedOutcomes.class));

            List<FakeIngest.Request> requests = ingest.outcomeRequests();
            assertThat(requests.get(0).status()).isEqualTo(503);
            List<String> accepted = ids(ingest.outcomesAccepted());
            assertThat(accepted).hasSize(MixedOutcomes.OUTCOMES).doesNotHaveDuplicates();
            assertThat(Set.copyOf(accepted)).containsAll(ids(requests.get(0).lines()));
            assertThat(Set.copyOf(accepted)).isEqualTo(Set.copyOf(ids(ingest.outcomesReceived())));
            assertThat(reporter.summary().sent()).isEqualTo(MixedOutcomes.OUTCOMES);
            assertThat(reporter.summary().dropped()).isZero();
        }
    }

    @Test
    void aRefusedBatchIsCountedRejectedAndNotSentAgain() throws Exception {
        try (FakeIngest ingest = FakeIngest.answering((path, index) -> path.endsWith("/outcomes") ? 422 : 404)) {
            TestpulseReporter reporter = Launches.reporter(ingest.url());
            Launches.run(reporter, selectClass(MixedOutcomes.class));

            assertThat(ids(ingest.outcomesReceived())).hasSize(MixedOutcomes.OUTCOMES).doesNotHaveDuplicates();
            assertThat(reporter.summary().rejected()).isEqualTo(MixedOutcomes.OUTCOMES);
            assertThat(reporter.summary().sent()).isZero();
            assertThat(reporter.summary().problem()).isEqualTo("ingest answered 422: {\"status\":422}");
        }
    }

    @Test
    void aFullBufferDropsOutcomesInsteadOfHoldingTheRun() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (FakeIngest ingest = FakeIngest.answering((path, index) -> {
            never.await();
            return 202;
        })) {
            TestpulseReporter reporter = Launches.reporter(ingest.url(), "testpulse.buffer", "5", "testpulse.batch.size", "1",
                    "testpulse.flush.seconds", "1");

            TestExecutionSummary summary = assertTimeoutPreemptively(HANG, () -> Launches.run(reporter, selectClass(MixedOutcomes.class)));

            assertMixedOutcomesRanAsUsual(summary);
            assertThat(reporter.summary().sent()).isZero();
            // beyond the buffer outcomes are lost; what the buffer held is kept in the spool file
            assertThat(reporter.summary().dropped()).isPositive();
            assertThat(reporter.summary().spooled()).isPositive();
            assertThat(reporter.summary().dropped() + reporter.summary().spooled()).isEqualTo(MixedOutcomes.OUTCOMES);
            assertThat(reporter.summary().problem()).isEqualTo("buffer of 5 outcomes full");
        }
    }

    private static void assertMixedOutcomesRanAsUsual(TestExecutionSummary summary) {
        assertThat(summary.getTestsSucceededCount()).isEqualTo(5);
        assertThat(summary.getTestsFailedCount()).isEqualTo(2);
        assertThat(summary.getTestsAbortedCount()).isEqualTo(1);
        assertThat(summary.getTestsSkippedCount()).isEqualTo(1);
    }

    private static JsonNode json(String line) {
        try {
            return FakeIngest.JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }

    private static List<String> ids(List<JsonNode> outcomes) {
        return outcomes.stream().map(outcome -> outcome.get("id").asText()).collect(Collectors.toList());
    }
}
