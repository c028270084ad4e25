package dev.testpulse.reporter.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import dev.testpulse.reporter.junit.fixtures.MixedOutcomes;
import dev.testpulse.reporter.junit.fixtures.Quarantined;

/** The ServiceLoader path: the dependency on the test classpath and the settings are all it takes, and none is needed. */
class RegistrationTest {

    private static final Set<String> SETTINGS = Set.of("testpulse.url", "testpulse.token", "testpulse.project",
            "testpulse.pipeline", "testpulse.run", "testpulse.job", "testpulse.batch.millis");

    @AfterEach
    void clearSettings() {
        SETTINGS.forEach(System::clearProperty);
    }

    @Test
    void theServiceLoaderRegistrationReportsFromSystemProperties() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting()) {
            setProperties(Map.of("testpulse.url", ingest.url(), "testpulse.token", "tp_secret", "testpulse.project", "webshop",
                    "testpulse.pipeline", "ci", "testpulse.run", "service-loader", "testpulse.job", "unit", "testpulse.batch.millis", "50"));

            // the default Launcher registers every listener the ServiceLoader finds, as Surefire's and Gradle's do
            LauncherFactory.create().execute(request().selectors(selectClass(MixedOutcomes.class)).build());

            assertThat(ingest.outcomesAccepted()).hasSize(MixedOutcomes.OUTCOMES)
                    .allSatisfy(outcome -> assertThat(outcome.at("/run/id").asText()).isEqualTo("service-loader"));
            assertThat(TestpulseReporter.lastRun()).hasValueSatisfying(run -> assertThat(run.sent()).isEqualTo(MixedOutcomes.OUTCOMES));
        }
    }

    @Test
    void theServiceLoaderAppliesTheQuarantineWithOneJupiterSettingAndNothingElse() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting().quarantine(Quarantined.list())) {
            Quarantined.ran.clear();
            setProperties(Map.of("testpulse.url", ingest.url(), "testpulse.token", "tp_secret", "testpulse.project", "webshop",
                    "testpulse.run", "service-loader-quarantine", "testpulse.batch.millis", "50"));
            SummaryGeneratingListener summary = new SummaryGeneratingListener();

            // what Surefire does with junit.jupiter.extensions.autodetection.enabled=true in junit-platform.properties
            LauncherFactory.create().execute(request().selectors(selectClass(Quarantined.class))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true").build(), summary);

            assertThat(summary.getSummary().getTotalFailureCount()).isZero();
            assertThat(Quarantined.ran).doesNotContain("broken", "parameterized 2").contains("flaky");
            assertThat(ingest.quarantineRequests()).hasSize(1);
            assertThat(ingest.outcomesAccepted()).filteredOn(outcome -> outcome.has("muted"))
                    .extracting(outcome -> outcome.at("/test/name").asText() + " " + outcome.get("status").asText())
                    .containsExactlyInAnyOrder("flaky failed", "passesWhileMuted passed");
            assertThat(ingest.outcomesAccepted()).filteredOn(outcome -> outcome.get("status").asText().equals("skipped"))
                    .extracting(outcome -> outcome.at("/test/name").asText())
                    .containsExactlyInAnyOrder("broken", "parameterized [2] number=2");
        }
    }

    @Test
    void withoutATokenNothingIsSentAndNoThreadStarts() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting(); LogCapture log = new LogCapture()) {
            setProperties(Map.of("testpulse.url", ingest.url(), "testpulse.project", "webshop"));
            ThreadProbe probe = new ThreadProbe();

            LauncherFactory.create().execute(request().selectors(selectClass(MixedOutcomes.class)).build(), probe);

            assertThat(probe.seen).isNotEmpty().doesNotContain(OutcomeSender.THREAD_NAME);
            assertThat(ingest.requests()).isEmpty();
            assertThat(log.records()).singleElement().extracting(LogRecord::getLevel, LogRecord::getMessage)
                    .containsExactly(Level.WARNING, "testpulse: reporting off, testpulse.token / TESTPULSE_TOKEN is not set");
        }
    }

    @Test
    void theSenderThreadRunsOnlyWhileAConfiguredRunGoesOn() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting()) {
            ThreadProbe probe = new ThreadProbe();

            LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                    .execute(request().selectors(selectClass(MixedOutcomes.class)).build(), Launches.reporter(ingest.url()), probe);

            assertThat(probe.seen).contains(OutcomeSender.THREAD_NAME);
            assertThat(threadNames()).doesNotContain(OutcomeSender.THREAD_NAME);
        }
    }

    @Test
    void withoutAnySettingItStaysSilent() {
        try (LogCapture log = new LogCapture()) {
            assertThat(ReporterConfig.resolve(name -> null, Map.of())).isEmpty();
            assertThat(log.records()).isEmpty();
        }
    }

    private static void setProperties(Map<String, String> properties) {
        properties.forEach(System::setProperty);
    }

    private static Set<String> threadNames() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        Thread.getAllStackTraces().keySet().forEach(thread -> names.add(thread.getName()));
        return names;
    }

    /** The names of the threads alive while each test finishes. */
    private static final class ThreadProbe implements TestExecutionListener {

        final Set<String> seen = ConcurrentHashMap.newKeySet();

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (identifier.isTest()) {
                seen.addAll(threadNames());
            }
        }
    }
}
