package dev.testpulse.reporter.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.testpulse.reporter.junit.fixtures.IsolatedLaunch;
import dev.testpulse.reporter.junit.fixtures.Quarantined;
import dev.testpulse.reporter.junit.fixtures.MixedOutcomes;

/**
 * The reporter, compiled against platform 1.14, loaded into a JUnit 6 test run: a class loader with only the JDK,
 * JUnit 6's jars (from the local repository, named by the pom) and this module's classes.
 */
class JUnit6LauncherTest {

    @AfterEach
    void clearSettings() {
        List.of("testpulse.url", "testpulse.token", "testpulse.project", "testpulse.run", "testpulse.batch.millis")
                .forEach(System::clearProperty);
    }

    @Test
    void appliesTheQuarantineInAJUnit6Run() throws Exception {
        // JUnit 6 names a parameterized invocation "[2] number = 2": the list names tests as their outcomes do
        String list = Quarantined.list().replace("parameterized [2] number=2", "parameterized [2] number = 2");
        try (FakeIngest ingest = FakeIngest.accepting().quarantine(list); URLClassLoader junit6 = junit6()) {
            Map.of("testpulse.url", ingest.url(), "testpulse.token", "tp_secret", "testpulse.project", "webshop",
                    "testpulse.run", "junit6-quarantine", "testpulse.batch.millis", "50").forEach(System::setProperty);

            String result = launch(junit6, "runQuarantined");

            // flaky and its failure kept from JUnit 6's launcher; broken and one invocation not run at all
            assertThat(result).isEqualTo("succeeded=4 failed=0 skipped=1 sent=6");
            assertThat(ingest.outcomesAccepted()).filteredOn(outcome -> outcome.has("muted"))
                    .extracting(outcome -> outcome.at("/test/name").asText() + " " + outcome.get("status").asText())
                    .containsExactlyInAnyOrder("flaky failed", "passesWhileMuted passed");
        }
    }

    private static URLClassLoader junit6() throws Exception {
        List<URL> classpath = new ArrayList<>();
        for (String jar : System.getProperty("junit6.classpath").split(",")) {
            Path path = Path.of(jar);
            assertThat(path).as("JUnit 6 jar in the local repository").exists();
            classpath.add(path.toUri().toURL());
        }
        classpath.add(TestpulseReporter.class.getProtectionDomain().getCodeSource().getLocation());
        classpath.add(IsolatedLaunch.class.getProtectionDomain().getCodeSource().getLocation());
        return new URLClassLoader(classpath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** Calls an {@link IsolatedLaunch} method inside the JUnit 6 class loader (the launcher's ServiceLoader uses the context one). */
    private static String launch(URLClassLoader junit6, String method) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(junit6);
        try {
            return (String) junit6.loadClass(IsolatedLaunch.class.getName()).getMethod(method).invoke(null);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void reportsFromAJUnit6Run() throws Exception {
        try (FakeIngest ingest = FakeIngest.accepting(); URLClassLoader junit6 = junit6()) {
            Map.of("testpulse.url", ingest.url(), "testpulse.token", "tp_secret", "testpulse.project", "webshop",
                    "testpulse.run", "junit6", "testpulse.batch.millis", "50").forEach(System::setProperty);

            String result = launch(junit6, "run");

            assertThat(result).contains("junit-platform-launcher-6.").endsWith(
                    "succeeded=5 failed=2 aborted=1 skipped=1 sent=" + MixedOutcomes.OUTCOMES + " dropped=0");
            List<JsonNode> outcomes = ingest.outcomesAccepted();
            assertThat(outcomes).hasSize(MixedOutcomes.OUTCOMES)
                    .allSatisfy(outcome -> assertThat(outcome.at("/run/id").asText()).isEqualTo("junit6"));
            assertThat(outcomes).filteredOn(outcome -> outcome.at("/test/name").asText().equals("failsAnAssertion"))
                    .singleElement().satisfies(outcome -> assertThat(outcome.get("status").asText()).isEqualTo("failed"));
        }
    }
}
