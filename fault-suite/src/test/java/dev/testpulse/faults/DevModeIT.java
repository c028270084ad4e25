package dev.testpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.testpulse.devstack.DevModeCommand;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.FreePorts;

/**
 * Each service in Quarkus dev mode, as the README and the local run's infra mode tell a developer to start it: the
 * printed {@code ./mvnw quarkus:dev ...} command from the repository root, against a Kafka and a PostgreSQL.
 * It must get ready (every artifact dev mode needs resolves, the service boots with live reload and Dev UI), serve its
 * Dev UI (and analysis-service its dashboard), and stop on SIGTERM, as Ctrl-C stops it, leaving no process behind.
 * Nothing is edited: live reload itself is Quarkus' own feature.
 */
class DevModeIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LOGS = ROOT.resolve("fault-suite/target/fault-logs");
    /** A hang detector: dev mode compiles and boots the service, slow on a loaded 2-core machine. */
    private static final Duration READY_WITHIN = Duration.ofMinutes(6);
    private static final Duration STOPPED_WITHIN = Duration.ofMinutes(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * A broker and a database of its own, as the local run's infra mode gives a developer: on the suite's shared ones
     * a dev-mode analysis-service would consume and relay alongside the scenarios' instances (same database, same
     * outbox).
     */
    private static DevStack stack;

    @BeforeAll
    static void startStack() {
        stack = DevStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DevModeCommand.INGEST, DevModeCommand.ANALYSIS})
    void startsInDevModeAndStopsCleanly(String service) throws Exception {
        int port = FreePorts.next();
        Map<String, String> config = new HashMap<>(stack.serviceConfig());
        config.put("testpulse.admin-token", "dev-mode-it-admin-token-5e1c7a9b3d2f4e6a");
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("quarkus.http.host", "127.0.0.1");
        // no debugger port (two runs at once would contend for 5005), no continuous testing, no console, no prompt
        config.put("debug", "false");
        config.put("quarkus.test.continuous-testing", "disabled");
        config.put("quarkus.console.enabled", "false");
        config.put("quarkus.analytics.disabled", "true");
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B"));
        command.addAll(DevModeCommand.mavenArguments(service, config));
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve("dev-mode-" + service + ".log");
        Process maven = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String url = "http://127.0.0.1:" + port;
        List<ProcessHandle> started = List.of();
        try {
            awaitReady(maven, url + "/q/health/ready", log);
            assertThat(status(url + "/q/dev-ui/")).as("Dev UI").isEqualTo(200);
            if (service.equals(DevModeCommand.ANALYSIS)) {
                HttpResponse<String> dashboard = get(url + "/");
                assertThat(dashboard.statusCode()).as("dashboard").isEqualTo(200);
                assertThat(dashboard.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            }
            // Maven's JVM and the service's JVM it forked: all of them must be gone after the stop
            started = new ArrayList<>(maven.descendants().toList());
            started.add(maven.toHandle());
            assertThat(started).as("Maven and the dev-mode JVM").hasSizeGreaterThanOrEqualTo(2);
        } finally {
            maven.destroy(); // SIGTERM, as Ctrl-C stops it: Maven's shutdown hook stops the dev-mode JVM
            List<ProcessHandle> left = new ArrayList<>();
            for (ProcessHandle process : started.isEmpty() ? List.of(maven.toHandle()) : started) {
                try {
                    process.onExit().get(STOPPED_WITHIN.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException stillThere) {
                    left.add(process);
                    process.destroyForcibly();
                }
            }
            assertThat(left).as("processes left running after dev mode was stopped (log %s)", log).isEmpty();
        }
        assertThat(status(url + "/q/health/ready")).as("nothing answers on the port after the stop").isEqualTo(-1);
    }

    private static void awaitReady(Process maven, String readyUrl, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (status(readyUrl) != 200) {
            assertThat(maven.isAlive()).as("quarkus:dev exited with %s before it was ready; log %s", maven.isAlive() ? "" : maven.exitValue(), log)
                    .isTrue();
            assertThat(System.nanoTime()).as("quarkus:dev ready within %s; log %s", READY_WITHIN, log).isLessThan(deadline);
            // polling an HTTP endpoint, not a fixed wait standing in for a check
            maven.waitFor(1, TimeUnit.SECONDS);
        }
    }

    private static int status(String url) {
        try {
            return get(url).statusCode();
        } catch (IOException notListening) {
            return -1;
        }
    }

    private static HttpResponse<String> get(String url) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
