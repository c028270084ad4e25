package dev.testpulse.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.faults.support.SampleBuild;

/**
 * Issue 23 on real builds: the sample project (four test classes, one failing once per build) built with Surefire's
 * forkCount=2, reuseForks=false and rerunFailingTestsCount=1, the reporter jar of this reactor on its classpath,
 * streaming into the packaged pair. The run is one run, running until its last test JVM ended and finished once after,
 * with exactly the executions Surefire's XML reports; with ingest stopped mid-build, or answering 503 throughout, the
 * JVMs keep what they could not send in the build directory, and the upload commands their summary lines print make
 * the counts whole, once however often they are run.
 */
class ReporterBuildIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FaultPair pair;

    @BeforeAll
    static void start() {
        // a settle time shorter than the default 15 s, still longer than a fork's start on a busy 2-core machine
        // (3 s was not: the run finished between two forks once)
        pair = FaultPair.start("reporter-build", Map.of(), 1,
                Map.of("testpulse.analysis.run-settle", "10s", "testpulse.analysis.run-settle-check", "1s"));
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aForkedBuildWithARerunIsOneRunThatFinishesOnceAfterItsLastJvmWithSurefiresCounts() throws Exception {
        String project = "build-" + UUID.randomUUID().toString().substring(0, 8);
        SampleBuild build = SampleBuild.copy("forked").start(settings(project, pair.projectToken(project), "forked-1"));
        // watched while the build runs: the run must never be finished before its last JVM ended
        List<String> statesWhileBuilding = new ArrayList<>();
        while (build.isRunning()) {
            JsonNode run = run(project, "forked-1");
            if (run != null) {
                statesWhileBuilding.add(run.get("state").asText());
            }
            build.await(250);
        }
        assertThat(build.await()).as(build.output()).isZero();
        SampleBuild.Counts surefire = build.surefireCounts();
        assertThat(surefire.failed()).as("the flaky test's first try").isEqualTo(1);

        assertThat(statesWhileBuilding).as("the run's state while the build ran").contains("running").doesNotContain("finished");
        // one line per launcher session: four classes in a fork each, and Surefire's rerun of the failed test in a
        // session of its own
        assertThat(build.summaryLines()).as(build.output()).hasSize(5)
                .allSatisfy(line -> assertThat(line).contains(", 0 dropped").doesNotContain("not sent"));
        awaitFinished(project, "forked-1", surefire);
        assertThat(run(project, "forked-1").get("finished_by").asText()).isEqualTo("reporter");
    }

    @Test
    void withIngestStoppedMidBuildTheUnsentOutcomesAreKeptAndTheirUploadCountsOnce() throws Exception {
        String project = "spool-" + UUID.randomUUID().toString().substring(0, 8);
        String token = pair.projectToken(project);
        SampleBuild build = SampleBuild.copy("ingest-stopped").start(settings(project, token, "stopped-1"));
        // the first outcomes arrive, then ingest goes away for the rest of the build
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JsonNode run = run(project, "stopped-1");
            return run != null && run.get("outcomes").asLong() > 0;
        });
        pair.ingest().stop();
        int exit;
        try {
            exit = build.await();
        } finally {
            pair.ingest().restart();
        }
        assertThat(exit).as(build.output()).isZero();
        SampleBuild.Counts surefire = build.surefireCounts();
        List<String> uploads = build.uploadCommands();
        assertThat(uploads).as(build.output()).isNotEmpty();

        // as a user would: the lines the summary printed, run twice (a retried CI step)
        upload(uploads, token);
        upload(uploads, token);
        awaitFinished(project, "stopped-1", surefire);
    }

    @Test
    void withIngestAnswering503ThroughoutEveryOutcomeIsKeptAndItsUploadCountsOnce() throws Exception {
        String project = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        String token = pair.projectToken(project);
        // what a proxy in front of an overloaded ingest answers: 503 to everything, with Retry-After
        HttpServer busy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        busy.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        busy.start();
        String busyUrl = "http://127.0.0.1:" + busy.getAddress().getPort();
        SampleBuild build;
        try {
            Map<String, String> settings = new HashMap<>(settings(project, token, "busy-1"));
            settings.put("TESTPULSE_URL", busyUrl);
            build = SampleBuild.copy("ingest-503").start(settings);
            assertThat(build.await()).as(build.output()).isZero();
        } finally {
            busy.stop(0);
        }
        SampleBuild.Counts surefire = build.surefireCounts();
        assertThat(build.summaryLines()).as(build.output()).hasSize(5)
                .allSatisfy(line -> assertThat(line).contains("0 outcomes sent").containsPattern(
                        "not sent yet \\((ingest answered 503|ingest found away by an earlier JVM of this build)\\)"));
        List<String> uploads = build.uploadCommands();
        assertThat(uploads).hasSize(5);

        // once ingest answers again (here: the real one instead of the stand-in), each line uploads its part once
        List<String> toIngest = uploads.stream().map(upload -> upload.replace(busyUrl, pair.ingest().url())).toList();
        upload(toIngest, token);
        upload(toIngest, token);
        awaitFinished(project, "busy-1", surefire);
    }

    /** Runs each upload command as a shell would, with the token in the environment as the line expects. */
    private static void upload(List<String> uploads, String token) throws Exception {
        for (String upload : uploads) {
            ProcessBuilder shell = new ProcessBuilder("bash", "-c", upload).redirectErrorStream(true);
            shell.environment().put("TESTPULSE_TOKEN", token);
            Process curl = shell.start();
            curl.getOutputStream().close();
            String said = new String(curl.getInputStream().readAllBytes());
            assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(curl.exitValue()).as(upload + "\n" + said).isZero();
        }
    }

    private static Map<String, String> settings(String project, String token, String run) {
        return Map.of("TESTPULSE_URL", pair.ingest().url(), "TESTPULSE_TOKEN", token, "TESTPULSE_PROJECT", project,
                "TESTPULSE_PIPELINE", "sample", "TESTPULSE_RUN", run, "TESTPULSE_BATCH_MILLIS", "200",
                // the machine the suite runs on is shared and busy: a notice acknowledged late must not leave a part open
                "TESTPULSE_FLUSH_SECONDS", "5");
    }

    /** Waits for the run to be finished with Surefire's counts; when it is not, says how analysis sees it and why. */
    private static void awaitFinished(String project, String runId, SampleBuild.Counts surefire) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode run = run(project, runId);
                assertThat(run).as("run " + runId).isNotNull();
                assertThat(run.get("state").asText()).isEqualTo("finished");
                assertCounts(run, surefire);
            });
        } catch (ConditionTimeoutException e) {
            List<String> log = Files.readAllLines(pair.analysis().logFile());
            String runsLog = log.subList(Math.max(0, log.size() - 400), log.size()).stream()
                    .filter(line -> line.contains("runs") || line.contains("WARN") || line.contains("ERROR")).collect(Collectors.joining("\n"));
            throw new AssertionError("run " + runId + " as analysis lists it: " + run(project, runId)
                    + "\nanalysis log (runs, warnings):\n" + runsLog, e);
        }
    }

    private static void assertCounts(JsonNode run, SampleBuild.Counts surefire) {
        assertThat(run.get("outcomes").asLong()).as("executions").isEqualTo(surefire.executions());
        assertThat(run.get("passed").asLong()).as("passed").isEqualTo(surefire.passed());
        assertThat(run.get("failed").asLong()).as("failed").isEqualTo(surefire.failed());
    }

    /** The run as analysis lists it, null before it knows it. */
    private static JsonNode run(String project, String runId) throws Exception {
        JsonNode runs = JSON.readTree(given().baseUri(pair.analysis().url()).get("/api/v1/projects/{p}/runs", project).then().extract().asString());
        if (!runs.isArray()) {
            return null;
        }
        for (JsonNode run : runs) {
            if (run.get("run_id").asText().equals(runId)) {
                return run;
            }
        }
        return null;
    }
}
