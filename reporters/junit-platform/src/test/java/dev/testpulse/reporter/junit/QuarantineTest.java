package dev.testpulse.reporter.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import com.fasterxml.jackson.databind.JsonNode;

import dev.testpulse.reporter.junit.fixtures.Quarantined;

/** The project's quarantine list applied by the build: skipped tests not run, muted failures not failing it. */
class QuarantineTest {

    private static final String CLASS = Quarantined.class.getName();
    private static final String UNTIL = " (until 2026-12-15T10:00:00Z)";

    @BeforeEach
    void forgetRuns() {
        Quarantined.ran.clear();
    }

    @Test
    void aMutedFailureLeavesTheRunGreenAndArrivesAsAMutedFailureWhileSkippedTestsDoNotRun() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting().quarantine(Quarantined.list()); LogCapture log = new LogCapture()) {
            TestpulseReporter reporter = Launches.reporter(ingest.url());

            TestExecutionSummary summary = Launches.runQuarantined(reporter, true, selectClass(Quarantined.class));

            // nothing failed as far as the launcher (and so Surefire, Gradle and the build) can tell
            assertThat(summary.getTotalFailureCount()).isZero();
            assertThat(Quarantined.ran).containsExactlyInAnyOrder("flaky", "passesWhileMuted", "healthy", "parameterized 1");

            Map<String, JsonNode> outcomes = byName(ingest.outcomesAccepted());
            assertThat(outcomes).containsOnlyKeys("flaky", "passesWhileMuted", "broken", "healthy", "parameterized [1] number=1",
                    "parameterized [2] number=2");
            JsonNode flaky = outcomes.get("flaky");
            assertThat(flaky.get("status").asText()).isEqualTo("failed");
            assertThat(flaky.get("muted").asBoolean()).isTrue();
            assertThat(flaky.at("/failure/type").asText()).isEqualTo("org.opentest4j.AssertionFailedError");
            assertThat(flaky.at("/failure/message").asText()).isEqualTo("flaked ==> expected: <1> but was: <2>");
            assertThat(flaky.at("/failure/trace").asText()).contains("Quarantined.flaky");
            assertThat(flaky.at("/test/tags")).extracting(JsonNode::asText).containsExactly("fixture", "slow");
            assertThat(outcomes.get("passesWhileMuted").get("status").asText()).isEqualTo("passed");
            assertThat(outcomes.get("passesWhileMuted").get("muted").asBoolean()).isTrue();

            JsonNode broken = outcomes.get("broken");
            assertThat(broken.get("status").asText()).isEqualTo("skipped");
            assertThat(broken.at("/failure/message").asText()).isEqualTo("quarantined: needs the staging database" + UNTIL);
            assertThat(broken.at("/test/tags")).extracting(JsonNode::asText).containsExactly("db", "fixture");
            assertThat(broken.get("suite").asText()).isEqualTo(CLASS);
            JsonNode invocation = outcomes.get("parameterized [2] number=2");
            assertThat(invocation.get("status").asText()).isEqualTo("skipped");
            assertThat(invocation.at("/failure/message").asText()).isEqualTo("quarantined: two is flaky" + UNTIL);
            for (String notMuted : List.of("broken", "healthy", "parameterized [1] number=1", "parameterized [2] number=2")) {
                assertThat(outcomes.get(notMuted).has("muted")).as(notMuted).isFalse();
            }

            assertThat(ingest.quarantineRequests()).singleElement().satisfies(request -> {
                assertThat(request.path()).isEqualTo("/api/v1/projects/webshop/quarantine");
                assertThat(request.authorization()).isEqualTo("Bearer tp_secret");
            });
            // the quarantine is never hidden: the build log says it applied, before any test ran
            LogRecord applied = log.records().get(0);
            assertThat(applied.getLevel()).isEqualTo(Level.INFO);
            assertThat(applied.getMessage()).isEqualTo("testpulse: quarantine of webshop applied: 3 muted, 2 skipped");
        }
    }

    @Test
    void withoutJupiterExtensionDetectionAMutedTestFailsTheRunAsUsualAndOneLineSaysWhy() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting().quarantine(Quarantined.list()); LogCapture log = new LogCapture()) {
            TestpulseReporter reporter = Launches.reporter(ingest.url());

            TestExecutionSummary summary = Launches.runQuarantined(reporter, false, selectClass(Quarantined.class));

            // the discovery filter needs no setting: the statically known skipped test still does not run
            assertThat(Quarantined.ran).doesNotContain("broken").contains("flaky", "parameterized 2");
            assertThat(summary.getTotalFailureCount()).isEqualTo(2);
            Map<String, JsonNode> outcomes = byName(ingest.outcomesAccepted());
            assertThat(outcomes.get("flaky").get("status").asText()).isEqualTo("failed");
            assertThat(outcomes.get("flaky").has("muted")).isFalse();
            assertThat(outcomes.get("broken").get("status").asText()).isEqualTo("skipped");
            assertThat(log.records()).filteredOn(record -> record.getMessage().contains("is muted but ran as usual")).singleElement()
                    .satisfies(record -> {
                        assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                        assertThat(record.getMessage()).contains("junit.jupiter.extensions.autodetection.enabled=true");
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"503", "404", "hangs", "not-json", "wrong-shape"})
    void aQuarantineListThatCannotBeHadRunsEveryTestNormallyAndSaysSoInOneLine(String trouble) throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting().quarantine(Quarantined.list()); LogCapture log = new LogCapture()) {
            Map<String, Function<FakeIngest, FakeIngest>> troubles = Map.of("503", fake -> fake.quarantineStatus(503),
                    "404", fake -> fake.quarantineStatus(404), "hangs", FakeIngest::holdQuarantine,
                    "not-json", fake -> fake.quarantine("<html>proxy error</html>"),
                    "wrong-shape", fake -> fake.quarantine("{\"project\":\"webshop\",\"tests\":{}}"));
            troubles.get(trouble).apply(ingest);
            TestpulseReporter reporter = Launches.reporter(ingest.url(), "testpulse.quarantine.millis", "300");

            TestExecutionSummary summary = Launches.runQuarantined(reporter, true, selectClass(Quarantined.class));

            assertRanAsWithoutTestpulse(summary);
            assertThat(byName(ingest.outcomesAccepted()).values()).noneMatch(outcome -> outcome.has("muted"));
            assertThat(log.records()).filteredOn(record -> record.getMessage().contains("quarantine")).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getMessage()).startsWith("testpulse: quarantine list unavailable (").endsWith("): every test runs normally");
            });
        }
    }

    @Test
    void anUnreachableTestpulseRunsEveryTestNormally() throws Exception {
        try (LogCapture log = new LogCapture()) {
            TestpulseReporter reporter = Launches.reporter(Launches.closedPortUrl(), "testpulse.flush.seconds", "1");

            assertRanAsWithoutTestpulse(Launches.runQuarantined(reporter, true, selectClass(Quarantined.class)));

            assertThat(log.records()).filteredOn(record -> record.getMessage().contains("quarantine")).singleElement()
                    .extracting(LogRecord::getMessage).asString()
                    .startsWith("testpulse: quarantine list unavailable (ingest unreachable within 2000 ms: java.net.ConnectException")
                    .endsWith("): every test runs normally");
        }
    }

    @Test
    void theListIsFetchedOncePerLauncherSessionWhateverNumberOfTestPlansItRuns() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting().quarantine(Quarantined.list())) {
            TestpulseReporter reporter = Launches.reporter(ingest.url());
            // Surefire and Gradle: one session per test JVM, one test plan per class
            try (LauncherSession session = LauncherFactory.openSession(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false).addPostDiscoveryFilters(new QuarantineFilter(reporter.config())).build())) {
                for (int plan = 0; plan < 3; plan++) {
                    session.getLauncher().execute(request().selectors(selectClass(Quarantined.class))
                            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true").build(), reporter);
                }
            }
            assertThat(ingest.quarantineRequests()).hasSize(1);
            // each plan applied it: flaky ran muted three times
            assertThat(ingest.outcomesAccepted()).filteredOn(outcome -> outcome.at("/test/name").asText().equals("flaky"))
                    .hasSize(3).allSatisfy(outcome -> assertThat(outcome.get("muted").asBoolean()).isTrue());

            // the next session (the next test JVM) asks again
            Launches.runQuarantined(reporter, true, selectClass(Quarantined.class));
            assertThat(ingest.quarantineRequests()).hasSize(2);
        }
    }

    /** Every test ran, the failing ones failed the run, and none was reported muted or quarantined. */
    private static void assertRanAsWithoutTestpulse(TestExecutionSummary summary) {
        assertThat(Quarantined.ran).containsExactlyInAnyOrder("flaky", "passesWhileMuted", "broken", "healthy", "parameterized 1",
                "parameterized 2");
        assertThat(summary.getTotalFailureCount()).isEqualTo(3);
    }

    private static Map<String, JsonNode> byName(List<JsonNode> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(outcome -> outcome.at("/test/name").asText(), outcome -> outcome));
    }
}
