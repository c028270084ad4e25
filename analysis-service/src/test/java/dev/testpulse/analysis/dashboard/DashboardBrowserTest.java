package dev.testpulse.analysis.dashboard;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.analysis.support.TokenReads;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The dashboard in a real headless Chromium, with reads behind tokens as in compose and Kubernetes: the page asks for
 * a token, then shows the numbers the API answers in its tables and charts, and a critical test's alert appears and
 * resolves over the live stream while the page stays loaded. A failing test leaves a screenshot under target/.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestProfile(TokenReads.class)
@Tag("browser") // left out of the inner loop (-Pquick): it needs Chromium and drives a real page
class DashboardBrowserTest extends BrowserTestBase {

    private final String project = "dash-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void showsTheApisNumbersAfterAskingForATokenAndFollowsAnAlertLive(TestInfo test) throws Exception {
        chromium.onFailureScreenshot(test, SCREENSHOTS, () -> {
            sendRun("r1", Instant.now().minusSeconds(120), "api", 7, 3);
            sendRun("r1", Instant.now().minusSeconds(120), "ui", 4, 0);
            awaitCounted(14);
            asAdmin().contentType("application/json").body("{\"rate_pct\":90}").put("/api/v1/projects/{p}/target", project)
                    .then().statusCode(200);
            asAdmin().contentType("application/json").body("{\"rate_pct\":60}").put("/api/v1/projects/{p}/baseline", project)
                    .then().statusCode(200);
            asAdmin().contentType("application/json").body("{\"rate_pct\":80}").put("/api/v1/projects/{p}/suites/api/target", project)
                    .then().statusCode(200);
            asAdmin().contentType("application/json").body("{\"passed\":50,\"total\":100}")
                    .put("/api/v1/projects/{p}/suites/api/baseline", project).then().statusCode(200);

            openWithToken("/projects/" + project + "?window=24h");

            JsonPath summary = asAdmin().queryParam("window", "24h").get("/api/v1/projects/{p}/summary", project)
                    .then().statusCode(200).extract().jsonPath();
            WebElement api = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#suites tr[data-suite='api']")));
            List<String> cells = api.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
            assertThat(cells.get(1)).isEqualTo(pct(summary.getDouble("suites.find { it.suite == 'api' }.rate.success_rate")));
            assertThat(cells.get(2)).isEqualTo("7 / 10");
            assertThat(cells.get(3)).isEqualTo("3");
            assertThat(cells.get(6)).isEqualTo(pct(summary.getDouble("suites.find { it.suite == 'api' }.rate.interval.lower"))
                    + " – " + pct(summary.getDouble("suites.find { it.suite == 'api' }.rate.interval.upper")));
            assertThat(cells.get(7)).isEqualTo("50.0%");
            assertThat(cells.get(8)).isEqualTo(String.format(Locale.ROOT, "+%.1f pp", summary.getDouble("suites.find { it.suite == 'api' }.delta_pp")));
            assertThat(cells.get(10)).isEqualTo(String.format(Locale.ROOT, "%.1f%%", summary.getDouble("suites.find { it.suite == 'api' }.attainment_pct")));
            assertThat(chromium.driver.findElement(By.id("overall")).getText())
                    .contains(pct(summary.getDouble("overall.rate.success_rate")), "11 / 14", "90.0%", "60.0%");
            JsonPath failures = asAdmin().queryParam("window", "24h").get("/api/v1/projects/{p}/failures", project)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(chromium.driver.findElement(By.cssSelector("#failures tbody tr")).getText()).contains(
                    failures.getString("groups[0].type"), failures.getString("groups[0].example_message"),
                    String.format(Locale.ROOT, "%.1f%%", failures.getDouble("groups[0].projected_rate_pct")),
                    String.format(Locale.ROOT, "+%.1f pp", failures.getDouble("groups[0].gain_pp")));

            // One chart for the project and one per suite, each drawn by uPlot and carrying the trend API's numbers.
            wait.until(driver -> driver.findElements(By.cssSelector("#charts .chart .uplot canvas")).size() == 3);
            JsonPath trend = asAdmin().queryParam("suite", "api").queryParam("step", "1h")
                    .get("/api/v1/projects/{p}/trend", project).then().statusCode(200).extract().jsonPath();
            WebElement apiChart = chromium.driver.findElements(By.cssSelector("#charts .chart")).stream()
                    .filter(chart -> chart.findElement(By.tagName("figcaption")).getText().equals("api")).findFirst().orElseThrow();
            List<String> chartRows = apiChart.findElements(By.cssSelector("tbody tr td:nth-child(3)")).stream()
                    .map(cell -> cell.getAttribute("textContent")).toList();
            List<String> apiRows = new ArrayList<>();
            for (int i = 0; i < trend.getList("points").size(); i++) {
                apiRows.add(trend.getLong("points[" + i + "].rate.passed") + " / " + trend.getLong("points[" + i + "].rate.executed"));
            }
            assertThat(chartRows).isNotEmpty().isEqualTo(apiRows);
            assertThat(apiChart.findElement(By.cssSelector(".plot")).getAttribute("aria-label")).contains("target 80.0%", "baseline 50.0%");
            chromium.fullPageScreenshot(SCREENSHOTS.resolve("project.png"));

            // A marker a reload would wipe: the alert must come over the stream into this very page.
            chromium.driver.executeScript("window.testpulseNoReload = true");
            wait.until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
            OutcomeTopic.sendTogether(List.of(Map.entry(project + "/pay", critical("c1", "failed"))));
            // (the project's target makes its default rate_below rule fire too: only the critical test's series is followed)
            By criticalFiring = By.xpath("//ul[@id='alerts']/li[contains(., 'critical_failed')]");
            WebElement fired = wait.until(ExpectedConditions.presenceOfElementLocated(criticalFiring));
            assertThat(fired.getText()).contains("critical_failed", "T.checkout");
            // Two events published at once can end the server's SSE stream (AlertStream has no overflow strategy): the
            // page then reconnects and re-reads what fires. Resolve once it follows the stream again.
            wait.until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
            OutcomeTopic.sendTogether(List.of(Map.entry(project + "/pay", critical("c2", "passed"))));
            wait.until(ExpectedConditions.numberOfElementsToBe(criticalFiring, 0));
            assertThat(chromium.driver.findElement(By.cssSelector("#resolved li")).getAttribute("textContent"))
                    .contains("resolved", "critical_failed", "T.checkout");
            assertThat(chromium.driver.executeScript("return window.testpulseNoReload === true")).isEqualTo(true);

            // The overview lists the project as the API counts it now (the critical test's two runs included).
            JsonPath now = asAdmin().queryParam("window", "24h").get("/api/v1/projects/{p}/summary", project)
                    .then().statusCode(200).extract().jsonPath();
            chromium.driver.get(Chromium.url("/?window=24h"));
            WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#projects tr[data-project='" + project + "']")));
            assertThat(row.getText()).contains(pct(now.getDouble("overall.rate.success_rate")),
                    now.getLong("overall.rate.passed") + " / " + now.getLong("overall.rate.executed"));
            wait.until(driver -> !row.findElements(By.cssSelector(".uplot canvas")).isEmpty());

            // Issue #29: the critical test's history opens under its row: both runs newest first, linked to the CI
            // run, and their durations as one SVG bar each.
            chromium.driver.get(Chromium.url("/projects/" + project + "?window=24h"));
            WebElement toggle = wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//table[@id='critical']//tr[contains(., 'T.checkout')]//button[contains(@class, 'history-toggle')]")));
            toggle.click();
            WebElement history = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#critical tr.history .history-table")));
            List<WebElement> executions = history.findElements(By.xpath("./tbody/tr"));
            assertThat(executions).extracting(WebElement::getText).hasSize(2);
            assertThat(executions.get(0).getText()).contains("passed", "ci#c2.1");
            assertThat(executions.get(1).getText()).contains("failed", "ci#c1.1");
            assertThat(executions.get(1).findElement(By.tagName("a")).getAttribute("href")).isEqualTo("https://ci.example/runs/c1");
            assertThat(chromium.driver.findElements(By.cssSelector("#critical tr.history svg.duration-chart rect"))).hasSize(2);
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");

            // The slowest tests as the durations API ranks them, each with its history one click away.
            JsonPath durations = asAdmin().queryParam("window", "24h").queryParam("limit", 20)
                    .get("/api/v1/projects/{p}/durations", project).then().statusCode(200).extract().jsonPath();
            List<WebElement> slowest = chromium.driver.findElements(By.cssSelector("#slowest tbody tr"));
            assertThat(slowest).hasSize(durations.getList("slowest").size()).isNotEmpty();
            for (int i = 0; i < slowest.size(); i++) {
                String name = durations.getString("slowest[" + i + "].name");
                String className = durations.getString("slowest[" + i + "].class");
                List<String> slowCells = slowest.get(i).findElements(By.xpath("./th|./td")).stream()
                        .map(each -> each.getAttribute("textContent")).toList();
                assertThat(slowCells.get(0)).startsWith(className == null ? name : className + "." + name);
                assertThat(slowCells.get(3)).isEqualTo(String.format(Locale.ROOT, "%,d ms", Math.round(durations.getDouble("slowest[" + i + "].p95_ms"))));
                assertThat(slowCells.get(5)).isEqualTo(String.format(Locale.ROOT, "%,d", durations.getLong("slowest[" + i + "].executions")));
            }
            WebElement slowToggle = chromium.driver.findElement(By.xpath(
                    "//table[@id='slowest']//tr[contains(., 'T.checkout')]//button[contains(@class, 'history-toggle')]"));
            slowToggle.click();
            WebElement slowHistory = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#slowest tr.history .history-table")));
            assertThat(slowHistory.findElements(By.xpath("./tbody/tr"))).hasSize(2);
        });
    }

    /**
     * Issue #16: a run shows on the project page while it runs, its counts grow as outcomes arrive, its progress is
     * against the job's last finished run, and it turns finished when its reporter says so, all without a reload.
     */
    @Test
    void showsARunWhileItRunsAndWhenItFinishes(TestInfo test) throws Exception {
        chromium.onFailureScreenshot(test, SCREENSHOTS, () -> {
            sendRun("r0", Instant.now().minusSeconds(600), "api", 9, 1);
            finishRun("r0");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> asAdmin().queryParam("state", "finished")
                    .get("/api/v1/projects/{p}/runs", project).then().statusCode(200).body("run_id", org.hamcrest.Matchers.hasItem("r0")));
            sendRun("r1", Instant.now(), "api", 3, 1);
            await().atMost(PATIENCE).untilAsserted(() -> asAdmin().queryParam("state", "running")
                    .get("/api/v1/projects/{p}/runs", project).then().statusCode(200)
                    .body("find { it.run_id == 'r1' }.outcomes", equalTo(4)).body("find { it.run_id == 'r1' }.expected_tests", equalTo(10)));

            openWithToken("/projects/" + project + "?window=24h");
            wait.until(driver -> !runRow("ci · r1.1").isEmpty());
            List<String> row = runRow("ci · r1.1");
            assertThat(row.subList(0, 8)).containsExactly("running", "ci · r1.1", "main", "running", "75.0%", "3 / 4", "1", "4 of ~10 (40%)");
            assertThat(row.get(8)).as("last outcome").isNotEqualTo("—");
            assertThat(runRow("ci · r0.1")).first().isEqualTo("finished");
            chromium.driver.executeScript("window.testpulseNoReload = true");

            // more of the run arrives: the row follows without a reload
            sendRun("r1", Instant.now(), "api", 1, 1);
            wait.until(driver -> runRow("ci · r1.1").contains("4 / 6"));
            assertThat(runRow("ci · r1.1").get(7)).isEqualTo("6 of ~10 (60%)");
            finishRun("r1");
            wait.until(driver -> runRow("ci · r1.1").stream().findFirst().orElse("").equals("finished"));
            assertThat(runRow("ci · r1.1").subList(3, 8)).containsExactly("finished", "66.7%", "4 / 6", "2", "—");
            assertThat(chromium.driver.executeScript("return window.testpulseNoReload === true")).isEqualTo(true);
        });
    }

    /**
     * The run's row as its data-state and then each cell's text, read in one script: the table is rebuilt every few
     * seconds, so an element found in one call may be gone by the next. Empty while the row is not there.
     */
    @SuppressWarnings("unchecked")
    private List<String> runRow(String run) {
        return (List<String>) chromium.driver.executeScript("""
                const row = [...document.querySelectorAll('#runs tr[data-run]')].find((r) => r.dataset.run === arguments[0]);
                return row ? [row.dataset.state, ...[...row.cells].map((c) => c.innerText.trim())] : [];""", run);
    }

    private void finishRun(String run) {
        OutcomeTopic.sendTo(DevStack.RUNS_TOPIC, List.of(Map.entry(project, """
                {"schema":"testpulse.run/v1","project":"%s","pipeline":"ci","run":{"id":"%s","attempt":1},"state":"finished"}"""
                .formatted(project, run))));
    }

    @Test
    void listsQuarantinedTestsAndATokenHolderMutesAndReleasesFromThePage(TestInfo test) throws Exception {
        chromium.onFailureScreenshot(test, SCREENSHOTS, () -> {
            sendRun("r1", Instant.now().minusSeconds(120), "api", 3, 1);
            awaitCounted(4);
            String quarantine = "/api/v1/projects/{p}/quarantine";
            asAdmin().contentType("application/json").body(Map.of("suite", "api", "class", "T", "name", "t0", "state", "skipped",
                    "reason", "hangs on CI")).put(quarantine, project).then().statusCode(200);

            openWithToken("/projects/" + project + "?window=24h");
            wait.until(driver -> driver.findElement(By.cssSelector("#quarantine tbody")).getText().contains("hangs on CI"));
            assertThat(chromium.driver.findElement(By.cssSelector("#quarantine tbody tr")).getText())
                    .contains("T.t0", "api", "skipped", "hangs on CI (admin)");

            WebElement form = chromium.driver.findElement(By.id("mute-form"));
            form.findElement(By.name("suite")).sendKeys("ui");
            form.findElement(By.name("name")).sendKeys("login");
            form.findElement(By.name("reason")).sendKeys("flaky login page");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(driver -> driver.findElement(By.cssSelector("#quarantine tbody")).getText().contains("flaky login page"));
            asAdmin().get(quarantine, project).then().statusCode(200).body("tests.find { it.name == 'login' }.state", equalTo("muted"))
                    .body("tests.find { it.name == 'login' }.by", equalTo("admin"));

            chromium.driver.findElements(By.cssSelector("#quarantine tbody tr")).stream()
                    .filter(row -> row.getText().contains("T.t0")).findFirst().orElseThrow()
                    .findElement(By.xpath(".//button[text()='Release']")).click();
            wait.until(driver -> !driver.findElement(By.cssSelector("#quarantine tbody")).getText().contains("hangs on CI"));
            asAdmin().get(quarantine, project).then().statusCode(200).body("tests.name", org.hamcrest.Matchers.contains("login"));

            // a change made elsewhere arrives over the live stream, into this very page, and is not shown as an alert
            chromium.driver.executeScript("window.testpulseNoReload = true");
            asAdmin().contentType("application/json").body(Map.of("suite", "ui", "name", "signup", "state", "muted",
                    "reason", "muted by the API meanwhile")).put(quarantine, project).then().statusCode(200);
            wait.until(driver -> driver.findElement(By.cssSelector("#quarantine tbody")).getText().contains("muted by the API meanwhile"));
            assertThat(chromium.driver.executeScript("return window.testpulseNoReload === true")).isEqualTo(true);
            assertThat(chromium.driver.findElements(By.cssSelector("#alerts li[data-fingerprint^='test-state-']"))).isEmpty();
            chromium.fullPageScreenshot(SCREENSHOTS.resolve("quarantine.png"));
        });
    }

    @Test
    void thePageAndItsFilesNeedNoTokenWhileTheDataDoes() {
        given().get("/projects/{p}", project).then().statusCode(200).contentType("text/html")
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'self'"));
        given().get("/").then().statusCode(200).contentType("text/html");
        given().get("/projects/{p}/runs/{r}", project, "r1").then().statusCode(200).contentType("text/html");
        given().get("/dashboard/dashboard.js").then().statusCode(200);
        given().get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").then().statusCode(200);
        given().get("/api/v1/projects").then().statusCode(401);
        given().get("/api/v1/alerts/stream").then().statusCode(401);
        given().get("/projects/{p}/../../api/v1/projects", project).then().statusCode(401);
    }

    private static String pct(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    private void sendRun(String run, Instant at, String suite, int passed, int failed) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < passed + failed; i++) {
            String outcome = OutcomeTopic.outcome(UUID.randomUUID().toString(), project, run, "main", suite, "t" + i,
                    i < passed ? "passed" : "failed", at);
            if (i >= passed) {
                outcome = outcome.replace("\"retry\":0,", "\"retry\":0,\"failure\":{\"type\":\"AssertionError\",\"message\":\"expected 200 but was 503\"},");
            }
            records.add(Map.entry(project + "/" + suite, outcome));
        }
        OutcomeTopic.sendTogether(records);
    }

    private String critical(String run, String status) {
        return """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci","run":{"id":"%s","attempt":1,"branch":"main",
                 "url":"https://ci.example/runs/%s"},
                 "suite":"pay","test":{"class":"T","name":"checkout","tags":["critical"]},"status":"%s","duration_ms":1,"retry":0,
                 "observed_at":"%s"}""".formatted(UUID.randomUUID(), project, run, run, status, Instant.now());
    }

    private void awaitCounted(int total) {
        // the first test after the application starts waits for the consumer to join the group as well
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> asAdmin().queryParam("window", "24h")
                .get("/api/v1/projects/{p}/summary", project).then().statusCode(200).body("overall.rate.total", equalTo(total)));
    }
}
