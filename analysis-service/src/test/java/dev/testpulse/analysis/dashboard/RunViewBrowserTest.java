package dev.testpulse.analysis.dashboard;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import dev.testpulse.analysis.support.VerdictRuns;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 28 on the dashboard, in a real headless Chromium: 40 runs posted with event times spread over the last week
 * keep the runs table to a few rows with a count and "Show all", and a run opens its verdict: the gate, the counts per
 * class, the failures grouped by class with new ones first, each with its history, followed while the run runs. The
 * verdict is the real API's, of a run whose failures it classifies one of each per-test class ({@link VerdictRuns}).
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestProfile(TokenReads.class)
@Tag("browser") // left out of the inner loop (-Pquick): it needs Chromium and drives a real page
class RunViewBrowserTest extends BrowserTestBase {

    private static final String RUN = "verdict-1";
    private final String project = "runview-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void fortyOldRunsStayCompactAndARunOpensItsVerdictWithNewFailuresFirst(TestInfo test) throws Exception {
        chromium.onFailureScreenshot(test, SCREENSHOTS, () -> {
            List<Map.Entry<String, String>> records = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                records.add(outcome("old-" + i, "t", "passed", Instant.now().minus(Duration.ofHours(1 + i * 4L))));
            }
            records.add(outcome("current", "t", "passed", Instant.now()));
            // main's m0 and m1 (hours ago: finished as idle when counted) and the feature run, still running
            VerdictRuns.oneFailureOfEachClass(project, RUN, Instant.now()).forEach(value -> records.add(Map.entry(project, value)));
            VerdictRuns.quarantine(project);
            OutcomeTopic.send(records);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(runs("finished")).hasSize(42);
                assertThat(runs("running")).containsExactlyInAnyOrder("current", RUN);
            });

            openWithToken("/projects/" + project + "?window=7d");

            // two running runs and the latest 5 finished ones, a count, and the rest behind "Show all"
            WebElement count = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs .runs-count")));
            assertThat(count.getText()).startsWith("2 running, 42 finished; 37 more not shown");
            assertThat(rowStates()).containsExactly("running", "running", "finished", "finished", "finished", "finished", "finished");
            long tableHeight = (Long) chromium.driver.executeScript("return Math.round(document.getElementById('runs').getBoundingClientRect().height)");
            assertThat(tableHeight).as("the runs table leaves the charts within reach").isLessThan(500);
            chromium.driver.findElement(By.cssSelector("#runs .runs-toggle")).click();
            wait.until(driver -> rowStates().size() == 44);
            assertThat(chromium.driver.findElement(By.cssSelector("#runs .runs-toggle")).getText()).isEqualTo("Show fewer");
            assertThat(chromium.driver.findElement(By.cssSelector("#runs tbody")).getText()).contains("finished (idle)");
            chromium.fullPageScreenshot(SCREENSHOTS.resolve("runs-all.png"));

            // the run opens its verdict, the real API's: one failure of each per-test class, the new one first
            chromium.driver.findElement(By.linkText("ci · " + RUN + ".1")).click();
            WebElement gate = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("gate-heading")));
            assertThat(gate.getText()).isEqualTo("Gate failed");
            assertThat(chromium.driver.getCurrentUrl()).endsWith("/projects/" + project + "/runs/" + RUN + "?pipeline=ci&attempt=1");
            assertThat(chromium.driver.findElement(By.id("run-state")).getText()).isEqualTo("running");
            assertThat(chromium.driver.findElement(By.id("gate")).getText()).contains("1 failure(s) of a class that fails the gate (new)",
                    "so far: the run is still running", "60.0% (6 / 10", "Default branch (main)", "57.1% (4 / 7");
            assertThat(chromium.driver.findElements(By.cssSelector("#verdict-counts > div"))).extracting(WebElement::getText).containsExactly(
                    "New failures\n1", "Failing on the default branch too\n1", "Known flaky\n1", "Quarantined\n1", "Infrastructure\n0");
            assertThat(chromium.driver.findElements(By.cssSelector("#verdict-failures section.verdict-class")))
                    .extracting(section -> section.getAttribute("data-class"))
                    .containsExactly("new", "failing_on_default_branch", "known_flaky", "quarantined");
            WebElement fresh = chromium.driver.findElement(By.cssSelector("section[data-class='new'] tr[data-test='T.fresh']"));
            assertThat(fresh.getText()).contains("T.fresh", "api", "expected fresh");
            assertThat(chromium.driver.findElement(By.cssSelector("section[data-class='quarantined'] tbody")).getText())
                    .contains("T.muted", "hangs on the gateway mock");

            // each failure's history: the run's own failed execution of that test, after main's passing ones
            fresh.findElement(By.cssSelector("button.history-toggle")).click();
            WebElement history = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("section[data-class='new'] tr.history .history-table")));
            wait.until(driver -> history.findElements(By.xpath("./tbody/tr")).size() == 3);
            assertThat(history.findElement(By.xpath("./tbody/tr")).getText()).contains("failed", "ci#" + RUN + ".1");
            chromium.fullPageScreenshot(SCREENSHOTS.resolve("run-verdict.png"));

            // the verdict so far is followed while the page stays open: a second new failure arrives and is shown
            OutcomeTopic.send(List.of(Map.entry(project, VerdictRuns.outcome(project, "ci", RUN, "c-pr", "feature", "later", "failed", 0,
                    false, Instant.now()))));
            wait.until(driver -> driver.findElements(By.cssSelector("section[data-class='new'] tr[data-test='T.later']")).size() == 1);
            assertThat(chromium.driver.findElements(By.cssSelector("#verdict-counts > div")).get(0).getText()).isEqualTo("New failures\n2");

            // a run the API has no verdict for still gets its page, saying so, with the way back
            chromium.driver.get(Chromium.url("/projects/" + project + "/runs/nope?pipeline=ci&attempt=1"));
            wait.until(ExpectedConditions.textToBe(By.id("gate-heading"), "No verdict for this run"));
            assertThat(chromium.driver.findElement(By.id("gate")).getText()).contains("nope");
            assertThat(chromium.driver.findElement(By.id("run-back")).getAttribute("href")).endsWith("/projects/" + project);
            assertThat(chromium.driver.findElement(By.id("status")).getText()).isEmpty();
        });
    }

    private List<String> runs(String state) {
        return asAdmin().queryParam("state", state).queryParam("limit", 100).get("/api/v1/projects/{p}/runs", project)
                .then().statusCode(200).extract().jsonPath().getList("run_id");
    }

    /** Each shown run's data-state, read in one script: the table is rebuilt every few seconds. */
    @SuppressWarnings("unchecked")
    private List<String> rowStates() {
        return (List<String>) chromium.driver.executeScript(
                "return [...document.querySelectorAll('#runs tbody tr[data-run]')].map((r) => r.dataset.state)");
    }

    private Map.Entry<String, String> outcome(String run, String name, String status, Instant at) {
        String outcome = OutcomeTopic.outcome(UUID.randomUUID().toString(), project, run, "feature", "api", name, status, at);
        return Map.entry(project + "/api", "failed".equals(status)
                ? outcome.replace("\"retry\":0,", "\"retry\":0,\"failure\":{\"type\":\"AssertionError\",\"message\":\"x\"},") : outcome);
    }
}
