package dev.testpulse.reporter.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.testpulse.reporter.junit.fixtures.DisabledClass;
import dev.testpulse.reporter.junit.fixtures.FailingSetup;
import dev.testpulse.reporter.junit.fixtures.FailsOnce;
import dev.testpulse.reporter.junit.fixtures.MixedOutcomes;

/** What reaches ingest for each kind of test result, in testpulse's outcome shape. */
class OutcomeReportingTest {

    private static final String MIXED = MixedOutcomes.class.getName();
    private static final String FAILING_SETUP = FailingSetup.class.getName();
    private static final String DISABLED_CLASS = DisabledClass.class.getName();

    @Test
    void everyResultOfTheRunReachesIngestAsOneOutcome() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting(); LogCapture log = new LogCapture()) {
            TestpulseReporter reporter = Launches.reporter(ingest.url());
            Launches.run(reporter, selectClass(MixedOutcomes.class), selectClass(FailingSetup.class), selectClass(DisabledClass.class));

            List<JsonNode> outcomes = ingest.outcomesAccepted();
            Map<String, String> statuses = new LinkedHashMap<>();
            outcomes.forEach(outcome -> statuses.put(outcome.at("/test/class").asText() + "#" + outcome.at("/test/name").asText(),
                    outcome.get("status").asText()));
            assertThat(statuses).containsOnly(
                    Map.entry(MIXED + "#passes", "passed"),
                    Map.entry(MIXED + "#failsAnAssertion", "failed"),
                    Map.entry(MIXED + "#throwsException", "error"),
                    Map.entry(MIXED + "#disabled", "skipped"),
                    Map.entry(MIXED + "#aborted", "skipped"),
                    Map.entry(MIXED + "#parameterized [1] number=1", "passed"),
                    Map.entry(MIXED + "#parameterized [2] number=2", "passed"),
                    Map.entry(MIXED + "#repeated repetition 1 of 2", "passed"),
                    Map.entry(MIXED + "#repeated repetition 2 of 2", "passed"),
                    Map.entry(FAILING_SETUP + "#FailingSetup", "error"),
                    Map.entry(DISABLED_CLASS + "#one", "skipped"),
                    Map.entry(DISABLED_CLASS + "#two", "skipped"));
            assertThat(outcomes).hasSize(MixedOutcomes.OUTCOMES + 3);

            for (JsonNode outcome : outcomes) {
                assertThat(outcome.get("id").asText()).matches("jp:[0-9a-f]{32}");
                assertThat(outcome.get("project").asText()).isEqualTo("webshop");
                assertThat(outcome.get("pipeline").asText()).isEqualTo("ci");
                JsonNode run = outcome.get("run");
                assertThat(run.get("id").asText()).isEqualTo("42");
                assertThat(run.get("attempt").asInt()).isEqualTo(2);
                assertThat(run.get("job").asText()).isEqualTo("unit");
                assertThat(run.get("commit").asText()).isEqualTo("abc123");
                assertThat(run.get("branch").asText()).isEqualTo("main");
                assertThat(Instant.parse(run.get("started_at").asText())).isBeforeOrEqualTo(Instant.parse(outcome.get("observed_at").asText()));
                assertThat(outcome.get("suite").asText()).isEqualTo(outcome.at("/test/class").asText());
                assertThat(outcome.get("retry").asInt()).isZero();
                assertThat(outcome.get("duration_ms").asLong()).isNotNegative();
            }
            assertThat(outcomes.stream().map(outcome -> outcome.get("id").asText()).distinct()).hasSize(outcomes.size());

            JsonNode passes = byName(outcomes, "passes");
            assertThat(passes.at("/test/tags")).extracting(JsonNode::asText).containsExactly("fixture", "smoke");
            assertThat(passes.has("failure")).isFalse();
            assertThat(byName(outcomes, "parameterized [1] number=1").at("/test/tags")).extracting(JsonNode::asText).containsExactly("fixture");

            JsonNode failed = byName(outcomes, "failsAnAssertion").get("failure");
            assertThat(failed.get("type").asText()).isEqualTo("org.opentest4j.AssertionFailedError");
            assertThat(failed.get("message").asText()).isEqualTo("one is not two ==> expected: <1> but was: <2>");
            assertThat(failed.get("trace").asText()).startsWith("org.opentest4j.AssertionFailedError: one is not two")
                    .contains("MixedOutcomes.failsAnAssertion");

            JsonNode error = byName(outcomes, "throwsException").get("failure");
            assertThat(error.get("type").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.get("message").asText()).isEqualTo("broken \"quoted\"\nsecond line");

            JsonNode disabled = byName(outcomes, "disabled");
            assertThat(disabled.at("/failure/message").asText()).isEqualTo("not today");
            assertThat(disabled.at("/failure/type").isNull()).isTrue();
            assertThat(disabled.get("duration_ms").asLong()).isZero();

            JsonNode aborted = byName(outcomes, "aborted").get("failure");
            assertThat(aborted.get("type").asText()).isEqualTo("org.opentest4j.TestAbortedException");
            assertThat(aborted.get("message").asText()).isEqualTo("Assumption failed: no database here");
            assertThat(aborted.get("trace").isNull()).isTrue();

            JsonNode setup = byName(outcomes, "FailingSetup").get("failure");
            assertThat(setup.get("message").asText()).isEqualTo("no fixture data");
            assertThat(byName(outcomes, "one").at("/failure/message").asText()).isEqualTo("flaky on CI");

            assertThat(ingest.outcomeRequests()).allSatisfy(request -> {
                assertThat(request.authorization()).isEqualTo("Bearer tp_secret");
                assertThat(request.contentType()).isEqualTo("application/x-ndjson");
            });
            assertThat(reporter.summary().sent()).isEqualTo(outcomes.size());
            assertThat(reporter.summary().dropped()).isZero();
            assertThat(reporter.summary().rejected()).isZero();

            // the notice came after the last batch, and its 404 (ingest without the endpoint) is no problem
            List<FakeIngest.Request> requests = ingest.requests();
            assertThat(requests.get(requests.size() - 1).path()).isEqualTo("/api/v1/runs/finished");
            // the part said it started before its first batch, and finished with its count after the last
            assertThat(requests.get(0).path()).isEqualTo("/api/v1/runs/started");
            String part = requests.get(0).json().get("part").asText();
            assertThat(part).matches("[0-9]+-[0-9a-f]{12}");
            assertThat(requests.get(0).json()).isEqualTo(FakeIngest.JSON.readTree(
                    "{\"project\":\"webshop\",\"pipeline\":\"ci\",\"run\":{\"id\":\"42\",\"attempt\":2,\"job\":\"unit\"},\"part\":\"" + part + "\"}"));
            assertThat(ingest.runFinishedNotices()).singleElement().satisfies(notice -> {
                assertThat(notice.authorization()).isEqualTo("Bearer tp_secret");
                assertThat(notice.json()).isEqualTo(FakeIngest.JSON.readTree(
                        "{\"project\":\"webshop\",\"pipeline\":\"ci\",\"run\":{\"id\":\"42\",\"attempt\":2,\"job\":\"unit\"},\"part\":\""
                                + part + "\",\"outcomes\":12}"));
            });
            assertThat(log.records()).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.INFO);
                assertThat(record.getThrown()).isNull();
                assertThat(record.getMessage()).isEqualTo("testpulse: 12 outcomes sent to " + ingest.url() + ", 0 dropped; run ci#42.2 (unit), part "
                        + part);
            });
        }
    }

    @Test
    void aTestRunAgainInTheSameJvmIsTheNextRetryAndEachExecutionKeepsItsId() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting()) {
            TestpulseReporter reporter = Launches.reporter(ingest.url());
            // as Surefire's rerunFailingTestsCount does: the same listener, a second test plan
            Launches.run(reporter, selectMethod(MixedOutcomes.class, "failsAnAssertion"));
            Launches.run(reporter, selectMethod(MixedOutcomes.class, "failsAnAssertion"));
            // the same run described again from scratch (another build directory), e.g. a build that sends it once more
            Launches.run(Launches.reporter(ingest.url()), selectMethod(MixedOutcomes.class, "failsAnAssertion"));

            List<JsonNode> outcomes = ingest.outcomesAccepted();
            assertThat(outcomes).extracting(outcome -> outcome.get("retry").asInt()).containsExactly(0, 1, 0);
            List<String> ids = outcomes.stream().map(outcome -> outcome.get("id").asText()).collect(Collectors.toList());
            assertThat(ids.get(0)).isNotEqualTo(ids.get(1)).isEqualTo(ids.get(2));
            // each launch is a launcher session of its own: a part of the run with its own count
            assertThat(reporter.summary().sent()).isEqualTo(1);
            assertThat(ingest.runFinishedNotices()).extracting(notice -> notice.json().get("outcomes").asInt()).containsExactly(1, 1, 1);
            assertThat(ingest.runFinishedNotices()).extracting(notice -> notice.json().get("part").asText()).doesNotHaveDuplicates();
        }
    }

    @Test
    void aTestRunAgainInAnotherJvmOfTheBuildIsItsNextTryMarkedFlakyWhenPassAndFailMix() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting()) {
            FailsOnce.runs.set(0);
            ReporterConfig firstJvm = Launches.config(ingest.url());
            // a second JVM of the same build: its own reporter, the same build directory and run
            ReporterConfig secondJvm = Launches.config(ingest.url(), "testpulse.dir", firstJvm.stateDir().toString());
            Launches.run(new TestpulseReporter(firstJvm), selectClass(FailsOnce.class));
            Launches.run(new TestpulseReporter(secondJvm), selectClass(FailsOnce.class));

            List<JsonNode> outcomes = ingest.outcomesAccepted();
            assertThat(outcomes).extracting(outcome -> outcome.get("status").asText()).containsExactly("failed", "passed");
            assertThat(outcomes).extracting(outcome -> outcome.get("retry").asInt()).containsExactly(0, 1);
            assertThat(outcomes.get(0).has("flaky")).isFalse();
            assertThat(outcomes.get(1).get("flaky").asBoolean()).isTrue();
            assertThat(outcomes.get(0).get("id").asText()).isNotEqualTo(outcomes.get(1).get("id").asText());
        }
    }

    @Test
    void aFailedRunFinishedNoticeIsNamedInTheSummaryLineButLosesNoOutcome() throws Exception {
        try (FakeIngest ingest = FakeIngest.answering((path, index) -> path.endsWith("/outcomes") ? 202 : 500);
                LogCapture log = new LogCapture()) {
            TestpulseReporter reporter = Launches.reporter(ingest.url());
            Launches.run(reporter, selectMethod(MixedOutcomes.class, "passes"));

            assertThat(reporter.summary().sent()).isEqualTo(1);
            assertThat(reporter.summary().dropped()).isZero();
            assertThat(reporter.summary().spooled()).isZero();
            // the notice was retried until the flush bound, then kept for upload with the command that sends it
            assertThat(ingest.runFinishedNotices().size()).isGreaterThan(1);
            String part = ingest.runFinishedNotices().get(0).json().get("part").asText();
            Path kept = Launches.stateDir(reporter).resolve("unsent-" + part + ".finished.json");
            assertThat(FakeIngest.JSON.readTree(Files.readString(kept))).isEqualTo(ingest.runFinishedNotices().get(0).json());
            assertThat(log.records()).singleElement().extracting(LogRecord::getLevel, LogRecord::getMessage).containsExactly(Level.WARNING,
                    "testpulse: 1 outcome sent to " + ingest.url() + ", 0 dropped — kept in " + kept + ", upload later with: "
                            + "curl -fsS -H \"Authorization: Bearer $TESTPULSE_TOKEN\" -H 'Content-Type: application/json' --data-binary @'"
                            + kept + "' '" + ingest.url() + "/api/v1/runs/finished'; run ci#42.2 (unit), part " + part
                            + "; run-finished notice answered 500");
        }
    }

    private static JsonNode byName(List<JsonNode> outcomes, String name) {
        return outcomes.stream().filter(outcome -> outcome.at("/test/name").asText().equals(name)).findFirst().orElseThrow();
    }
}
