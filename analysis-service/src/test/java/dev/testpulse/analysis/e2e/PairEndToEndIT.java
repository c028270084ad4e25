package dev.testpulse.analysis.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.analysis.support.PackagedPair;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.KafkaBroker;
import dev.testpulse.devstack.ServiceProcess;
import dev.testpulse.devstack.TopicProbe;
import io.restassured.response.ValidatableResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The pair as shipped: packaged services as processes, a real broker and database, nothing mocked. */
class PairEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static PackagedPair pair;

    @BeforeAll
    static void startPair() {
        pair = PackagedPair.start("e2e");
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void postedOutcomesBecomeTheProjectSummary() {
        String project = project();
        post(pair.ingest(), token(project), suitesAAndB(project)).then().statusCode(202).body("accepted", equalTo(39));

        awaitSummary(project, summary -> summary.body("overall.rate.executed", equalTo(39)));
        summary(project)
                .body("overall.rate.passed", equalTo(25))
                .body("overall.rate.failed", equalTo(14))
                .body("overall.rate.success_rate_pct", equalTo(64.1f))
                .body("suites.find { it.suite == 'A' }.rate.success_rate_pct", equalTo(60.0f))
                .body("suites.find { it.suite == 'B' }.rate.success_rate_pct", equalTo(71.4f));
    }

    @Test
    void anAlertFiresOnTheTopicSecondsAfterTheUploadAndResolvesAfterRecovery() throws Exception {
        String project = project();
        String token = token(project);
        // the project's own token, created on ingest: analysis-service learns it from the same token topic within a poll
        String rule = "{\"project\":\"" + project + "\",\"kind\":\"rate_below\",\"suite_glob\":\"*\",\"window\":\"runs:1\",\"below\":0.7}";
        await().atMost(Duration.ofSeconds(10)).until(() -> given().baseUri(pair.analysis().url()).header("Authorization", "Bearer " + token)
                .get("/api/v1/projects/{p}/summary", project).statusCode() != 401);
        String ruleId = given().baseUri(pair.analysis().url()).header("Authorization", "Bearer " + token).contentType("application/json")
                .body(rule).post("/api/v1/rules").then().statusCode(201).extract().path("id");
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            long posted = System.nanoTime();
            post(pair.ingest(), token, suitesAAndB(project)).then().statusCode(202);
            // Suite A at 60.0% is below 70%; suite B at 71.4% is not: one alert.
            List<String> fired = awaitAlertTypes(alerts, ruleId, 1);
            long latencyMs = (System.nanoTime() - posted) / 1_000_000;
            assertThat(fired).containsOnly("dev.testpulse.alert.fired");
            // For the record only (no timing is asserted): upload to alert on the topic.
            System.out.printf("PairEndToEndIT: upload-to-alert latency %d ms (relay polls every 1 s)%n", latencyMs);

            List<String> healthy = new ArrayList<>();
            addOutcomes(healthy, project, "A", "passed", 5, "build-8");
            addOutcomes(healthy, project, "B", "passed", 5, "build-8");
            post(pair.ingest(), token, "[" + String.join(",", healthy) + "]").then().statusCode(202);
            assertThat(awaitAlertTypes(alerts, ruleId, 1)).containsOnly("dev.testpulse.alert.resolved");
        }
    }

    private static List<String> awaitAlertTypes(TopicProbe alerts, String ruleId, int count) throws Exception {
        List<String> types = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (types.size() < count && System.nanoTime() < deadline) {
            for (var record : alerts.poll()) {
                var event = JSON.readTree(record.value());
                if (event.at("/data/rule/id").asText().equals(ruleId)) {
                    types.add(event.get("type").asText());
                }
            }
        }
        assertThat(types).hasSize(count);
        return types;
    }

    @Test
    void theSameJUnitReportUploadedTwiceCountsOnce() throws Exception {
        String project = project();
        String token = token(project);
        byte[] report = Files.readAllBytes(Path.of("../ingest-service/src/test/resources/junit/surefire-TEST-com.acme.shop.CartServiceTest.xml"));
        for (int upload = 0; upload < 2; upload++) {
            given().baseUri(pair.ingest().url()).header("Authorization", "Bearer " + token).contentType("application/xml")
                    .queryParam("run", "4711").queryParam("branch", "main").body(report).post("/api/v1/reports/junit")
                    .then().statusCode(202).body("accepted", equalTo(13));
        }
        // A marker after both uploads on the report's suite (same key, same partition): once counted, both were seen.
        post(pair.ingest(), token, outcome(project, "com.acme.shop.CartServiceTest", "passed", "marker")).then().statusCode(202);
        awaitSummary(project, summary -> summary.body("overall.rate.total", equalTo(14)));
        summary(project).body("overall.rate.passed", equalTo(4)).body("overall.rate.failed", equalTo(4))
                .body("overall.rate.error", equalTo(5)).body("overall.rate.skipped", equalTo(1));
    }

    @Test
    void aRetryAfter503CountsOnce() {
        String project = project();
        String token = token(project);
        String upload = suitesAAndB(project);
        KafkaBroker kafka = DevStack.shared().kafka();
        kafka.stop();
        try {
            post(pair.ingest(), token, upload).then().statusCode(503).header("Retry-After", "10");
        } finally {
            kafka.restart();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> post(pair.ingest(), token, upload).then().statusCode(202));
        // The client retries once more (its own timeout, say): the topic certainly holds every outcome twice now.
        post(pair.ingest(), token, upload).then().statusCode(202);
        // A marker behind everything else on each suite's partition: once counted, so is all that came before.
        post(pair.ingest(), token, outcome(project, "A", "passed", "marker")).then().statusCode(202);
        post(pair.ingest(), token, outcome(project, "B", "passed", "marker")).then().statusCode(202);
        awaitSummary(project, summary -> summary
                .body("suites.find { it.suite == 'A' }.rate.passed", equalTo(16))
                .body("suites.find { it.suite == 'B' }.rate.passed", equalTo(11)));
        summary(project).body("overall.rate.executed", equalTo(41)).body("overall.rate.failed", equalTo(14));
        assertThat(OutcomeTopic.readFromStart(DevStack.OUTCOMES_TOPIC, project + "/", 2 * 39 + 2)).hasSizeGreaterThanOrEqualTo(2 * 39 + 2);
    }

    @Test
    void aTokenRevokedOnOneIngestInstanceStopsWorkingOnAnotherWithinAMinute() {
        String project = project();
        String token = token(project);
        try (ServiceProcess second = PackagedPair.startIngest("e2e-second")) {
            String one = outcome(project, "A", "passed", "t");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> post(second, token, one).then().statusCode(202));

            String id = given().baseUri(pair.ingest().url()).header("Authorization", "Bearer " + PackagedPair.ADMIN_TOKEN)
                    .queryParam("project", project).get("/api/v1/admin/tokens").then().extract().path("[0].id");
            given().baseUri(pair.ingest().url()).header("Authorization", "Bearer " + PackagedPair.ADMIN_TOKEN)
                    .delete("/api/v1/admin/tokens/{id}", id).then().statusCode(204);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> post(second, token, one).then().statusCode(401));
        }
    }

    /**
     * Read your own writes (issue 28): an upload immediately followed by the verdict request with the 202's position,
     * 30 times in a row, while another thread keeps analysis busy with uploads of another project: every answer
     * includes its upload's outcomes, with no sleep between the two requests.
     */
    @Test
    void anUploadFollowedAtOnceByItsVerdictSeesItsOutcomesUnderLoad() throws Exception {
        String project = project();
        String token = token(project);
        String loadProject = project();
        String loadToken = token(loadProject);
        awaitAnalysisKnows(project, token);
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger loadUploads = new AtomicInteger();
        Thread load = new Thread(() -> {
            for (int n = 0; loading.get(); n++) {
                List<String> outcomes = new ArrayList<>();
                addOutcomes(outcomes, loadProject, "L" + n % 7, "passed", 400, "load-" + n);
                post(pair.ingest(), loadToken, "[" + String.join(",", outcomes) + "]");
                loadUploads.incrementAndGet();
            }
        }, "load");
        load.start();
        List<Long> waits = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                List<String> outcomes = new ArrayList<>();
                addOutcomes(outcomes, project, "R", "passed", 19, "ryw-" + i);
                outcomes.add(outcomeJson(project, "R", "failed", "broke-" + i, "ryw-" + i));
                io.restassured.response.Response accepted = post(pair.ingest(), token, "[" + String.join(",", outcomes) + "]");
                accepted.then().statusCode(202);
                String position = accepted.header("Testpulse-Position");
                assertThat(position).isNotEmpty().isEqualTo(accepted.jsonPath().getString("position"));
                long asked = System.nanoTime();
                given().baseUri(pair.analysis().url()).header("Authorization", "Bearer " + token)
                        .queryParam("after", position).get("/api/v1/projects/{p}/runs/{r}/verdict", project, "ryw-" + i)
                        .then().statusCode(200)
                        .body("rate.run.total", equalTo(20)).body("failures.size()", equalTo(1))
                        .body("failures[0].name", equalTo("broke-" + i)).body("failures[0].verdict", equalTo("new"));
                waits.add((System.nanoTime() - asked) / 1_000_000);
            }
        } finally {
            loading.set(false);
            load.join(60_000);
        }
        List<Long> sorted = waits.stream().sorted().toList();
        // For the record only (no timing is asserted): how long the verdict waited for its upload to be counted.
        System.out.printf("PairEndToEndIT: read-your-writes verdicts in ms min %d median %d max %d, %d load uploads of 400 meanwhile%n",
                sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), loadUploads.get());
    }

    /**
     * docs/ci.md's gate, its bash block run as written: a report with new failures fails the job (curl's exit code 22
     * on the 422) and prints the markdown verdict; an all-green report passes it.
     */
    @Test
    void theDocumentedGateLineFailsTheJobOnANewFailureOnly() throws Exception {
        String project = project();
        String token = token(project);
        awaitAnalysisKnows(project, token);
        String lines = documentedGate();
        Path failing = reports(Files.readString(Path.of(
                "../ingest-service/src/test/resources/junit/surefire-TEST-com.acme.shop.CartServiceTest.xml")));
        Shell red = gate(lines, failing, project, token, "gate-1");
        assertThat(red.exitCode()).as(red.output()).isEqualTo(22);
        assertThat(red.output()).contains("### ❌ testpulse:").contains("#### New failures (");
        Path passing = reports("""
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="com.acme.GreenTest" tests="2" failures="0" errors="0" skipped="0">
                  <testcase classname="com.acme.GreenTest" name="one" time="0.01"/>
                  <testcase classname="com.acme.GreenTest" name="two" time="0.01"/>
                </testsuite>""");
        Shell green = gate(lines, passing, project, token, "gate-2");
        assertThat(green.exitCode()).as(green.output()).isZero();
        assertThat(green.output()).contains("### ✅ testpulse: the gate passes");
    }

    /**
     * Each CI's gate line from docs/ci.md's table, as that CI would run it: after the documented upload, with the CI's
     * own variables set (GitHub's {@code ${{ }}} expressions filled in, Jenkins' {@code sh '…'} unwrapped, the YAML
     * list marker dropped); a run with new failures fails the job (curl's exit code 22) and prints the verdict.
     */
    @Test
    void eachCiSystemsDocumentedGateLineFailsTheJobOnANewFailure() throws Exception {
        String project = project();
        String token = token(project);
        awaitAnalysisKnows(project, token);
        String block = documentedGate();
        String upload = block.substring(0, block.lastIndexOf("curl "));
        Map<String, String> rows = documentedGateRows();
        assertThat(rows).containsOnlyKeys("GitHub Actions", "GitLab CI", "Jenkins", "Buildkite", "CircleCI");
        Path failing = reports(Files.readString(Path.of(
                "../ingest-service/src/test/resources/junit/surefire-TEST-com.acme.shop.CartServiceTest.xml")));
        int n = 0;
        for (Map.Entry<String, String> row : rows.entrySet()) {
            String run = "ci-gate-" + (++n);
            String pipeline = "pipe-" + n;
            String line = asTheCiRunsIt(row.getKey(), row.getValue(), run, pipeline);
            Map<String, String> ciVariables = Map.of("CI_PIPELINE_ID", run, "CI_PROJECT_PATH", pipeline, "BUILD_NUMBER", run,
                    "JOB_NAME", pipeline, "BUILDKITE_BUILD_NUMBER", run, "BUILDKITE_PIPELINE_SLUG", pipeline, "BUILDKITE_RETRY_COUNT", "0",
                    "CIRCLE_WORKFLOW_ID", run, "CIRCLE_PROJECT_REPONAME", pipeline);
            Shell red = gate(upload + line, failing, project, token, run, pipeline, ciVariables);
            assertThat(red.exitCode()).as(row.getKey() + ": " + line + "\n" + red.output()).isEqualTo(22);
            assertThat(red.output()).as(row.getKey()).contains("### ❌ testpulse:").contains("#### New failures (");
        }
    }

    /** The gate table's rows under docs/ci.md's "Gate a CI run on its verdict": CI name → the line in its cell. */
    private static Map<String, String> documentedGateRows() throws Exception {
        String doc = Files.readString(Path.of("../docs/ci.md"));
        String section = doc.substring(doc.indexOf("## Gate a CI run on its verdict"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        for (String row : section.lines().filter(l -> l.startsWith("| ") && l.contains("| `")).toList()) {
            String name = row.substring(2, row.indexOf(" |"));
            String cell = row.substring(row.indexOf('`') + 1, row.lastIndexOf('`'));
            rows.put(name, cell.replace("\\|", "|"));
        }
        return rows;
    }

    /** What the CI hands its shell for the documented step. */
    private static String asTheCiRunsIt(String ci, String step, String run, String pipeline) {
        return switch (ci) {
            case "GitHub Actions" -> step.replaceFirst("^- run: ", "").replace("${{ github.run_id }}", run)
                    .replace("${{ github.workflow }}", pipeline).replace("${{ github.run_attempt }}", "1");
            case "GitLab CI" -> step.replaceFirst("^- ", "");
            case "Jenkins" -> step.replaceFirst("^sh '", "").replaceFirst("'$", "");
            case "CircleCI" -> step.replaceFirst("^- run: ", "");
            default -> step;
        };
    }

    private record Shell(int exitCode, String output) {
    }

    /** The first bash block under docs/ci.md's "Gate a CI run on its verdict". */
    private static String documentedGate() throws Exception {
        String doc = Files.readString(Path.of("../docs/ci.md"));
        String section = doc.substring(doc.indexOf("## Gate a CI run on its verdict"));
        int start = section.indexOf("```bash\n") + "```bash\n".length();
        return section.substring(start, section.indexOf("```", start));
    }

    private static Path reports(String xml) throws Exception {
        Path dir = Files.createTempDirectory("gate");
        Files.createDirectories(dir.resolve("target/surefire-reports"));
        Files.writeString(dir.resolve("target/surefire-reports/TEST-gate.xml"), xml);
        return dir;
    }

    private static Shell gate(String lines, Path workspace, String project, String token, String run) throws Exception {
        return gate(lines, workspace, project, token, run, "ci", Map.of());
    }

    private static Shell gate(String lines, Path workspace, String project, String token, String run, String pipeline,
            Map<String, String> ciVariables) throws Exception {
        ProcessBuilder shell = new ProcessBuilder("bash", "-c", lines).directory(workspace.toFile()).redirectErrorStream(true);
        shell.environment().putAll(java.util.Map.of("TESTPULSE_URL", pair.ingest().url(), "TESTPULSE_ANALYSIS_URL", pair.analysis().url(),
                "TESTPULSE_TOKEN", token, "TESTPULSE_PROJECT", project, "JOB", "unit", "PIPELINE", pipeline, "RUN", run,
                "ATTEMPT", "1", "COMMIT", "c-" + run, "BRANCH", "feature"));
        shell.environment().putAll(ciVariables);
        Process bash = shell.start();
        bash.getOutputStream().close();
        String output = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(bash.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new Shell(bash.exitValue(), output);
    }

    /** Analysis learns a project token from the token topic within a poll. */
    private static void awaitAnalysisKnows(String project, String token) {
        await().atMost(Duration.ofSeconds(10)).until(() -> given().baseUri(pair.analysis().url()).header("Authorization", "Bearer " + token)
                .get("/api/v1/projects/{p}/runs", project).statusCode() != 401);
    }

    private static String project() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String token(String project) {
        return PackagedPair.projectToken(pair.ingest(), project);
    }

    private static io.restassured.response.Response post(ServiceProcess ingest, String token, String body) {
        return given().baseUri(ingest.url()).header("Authorization", "Bearer " + token).contentType("application/json")
                .body(body).post("/api/v1/outcomes");
    }

    private static void awaitSummary(String project, java.util.function.Consumer<ValidatableResponse> arrived) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> arrived.accept(summary(project)));
    }

    private static ValidatableResponse summary(String project) {
        return given().baseUri(pair.analysis().url()).get("/api/v1/projects/{p}/summary", project).then().statusCode(200);
    }

    /** Suite A: 15 passed, 10 failed; suite B: 10 passed, 4 failed. */
    private static String suitesAAndB(String project) {
        List<String> outcomes = new ArrayList<>();
        addOutcomes(outcomes, project, "A", "passed", 15);
        addOutcomes(outcomes, project, "A", "failed", 10);
        addOutcomes(outcomes, project, "B", "passed", 10);
        addOutcomes(outcomes, project, "B", "failed", 4);
        return "[" + String.join(",", outcomes) + "]";
    }

    private static void addOutcomes(List<String> outcomes, String project, String suite, String status, int count) {
        addOutcomes(outcomes, project, suite, status, count, "build-7");
    }

    private static void addOutcomes(List<String> outcomes, String project, String suite, String status, int count, String run) {
        for (int i = 0; i < count; i++) {
            outcomes.add(outcomeJson(project, suite, status, status + "_" + i, run));
        }
    }

    private static String outcome(String project, String suite, String status, String name) {
        return "[" + outcomeJson(project, suite, status, name) + "]";
    }

    private static String outcomeJson(String project, String suite, String status, String name) {
        return outcomeJson(project, suite, status, name, "build-7");
    }

    private static String outcomeJson(String project, String suite, String status, String name, String run) {
        return """
                {"project":"%s","pipeline":"ci","run":{"id":"%s","commit":"e2e","branch":"main"},
                 "suite":"%s","test":{"class":"%sTest","name":"%s"},"status":"%s","duration_ms":3}"""
                .formatted(project, run, suite, suite, name, status);
    }
}
