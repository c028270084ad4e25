package dev.testpulse.reporter.junit;

import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.net.ServerSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs fixtures through a Launcher of their own, as Surefire or Gradle would, with the given listeners only. */
final class Launches {

    private Launches() {
    }

    static TestExecutionSummary run(TestExecutionListener reporter, DiscoverySelector... selectors) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                .execute(request().selectors(selectors).build(), reporter, summary);
        return summary.getSummary();
    }

    /**
     * As {@link #run}, with the quarantine applied as the ServiceLoader applies it for a build configured like the
     * reporter: the discovery filter always, the Jupiter extension when {@code extensions} (the documented line).
     */
    static TestExecutionSummary runQuarantined(TestpulseReporter reporter, boolean extensions, DiscoverySelector... selectors) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherDiscoveryRequestBuilder request = request().selectors(selectors).filters(new QuarantineFilter(reporter.config()));
        if (extensions) {
            request.configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true");
        }
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                .execute(request.build(), reporter, summary);
        return summary.getSummary();
    }

    /** A reporter for {@code url} with a fixed run context and the given extra settings (name, value, name, value…). */
    static TestpulseReporter reporter(String url, String... settings) {
        return new TestpulseReporter(config(url, settings));
    }

    /**
     * The settings every test reporter gets, with a build directory of its own: two reporters sharing one stand for
     * two JVMs of one build (the retry ledger, the unreachable mark, the spool).
     */
    static ReporterConfig config(String url, String... settings) {
        Map<String, String> properties = new HashMap<>(Map.of("testpulse.url", url, "testpulse.token", "tp_secret",
                "testpulse.project", "webshop", "testpulse.pipeline", "ci", "testpulse.run", "42", "testpulse.attempt", "2",
                "testpulse.job", "unit", "testpulse.commit", "abc123", "testpulse.branch", "main",
                "testpulse.batch.millis", "50"));
        try {
            properties.put("testpulse.dir", Files.createTempDirectory("testpulse-build").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < settings.length; i += 2) {
            properties.put(settings[i], settings[i + 1]);
        }
        return ReporterConfig.resolve(properties::get, Map.of()).orElseThrow();
    }

    /** The build directory the reporter's parts share. */
    static Path stateDir(TestpulseReporter reporter) {
        return reporter.config().stateDir();
    }

    /** A URL nobody listens on: the port was free a moment ago. */
    static String closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
