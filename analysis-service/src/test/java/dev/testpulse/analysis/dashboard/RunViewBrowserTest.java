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
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 28 on the dashboard, in a real headless Chromium: 40 runs posted with event times spread over the last week
 * keep the runs table to a few rows with a count and "Show all", and a run opens its verdict: the gate, the counts per
 * class, the failures grouped by class with new ones first, each with its history. The verdict comes from
 * {@link ContractVerdictResource} until the real verdict API is merged (then: {@code TokenReads} and a run whose
 * failures the real API classifies).
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestProfile(ContractVerdictResource.Profile.class)
@Tag("browser") // left out of the inner loop (-Pquick): it needs Chromium and drives a real page
class RunViewBrowserTest extends BrowserTestBase {

    private final String project = "runview-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void fortyOldRunsStayCompactAndARunOpensItsVerdictWithNewFailuresFirst(TestInfo test) throws Exception {
        chromium.onFailureScreenshot(test, SCREENSHOTS, () -> {
            List<Map.Entry<String, String>> records = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                records.add(outcome("old-" + i, "t", "passed", Instant.now().minus(Duration.ofHours(1 + i * 4L))));
            }
            records.add(outcome("current", "t", "passed", Instant.now()));
            for (String name : List.of("broken", "flaky", "infra", "muted", "mainfail")) {
                records.add(outcome(ContractVerdictResource.RUN, name, "failed", Instant.now()));
            }
            OutcomeTopic.send(records);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(runs("finished")).hasSize(40);
                assertThat(runs("running")).containsExactlyInAnyOrder("current", ContractVerdictResource.RUN);
            });

            openWithToken("/projects/" + project + "?window=7d");

            // two running runs and the latest 5 finished ones, a count, and the rest behind "Show all"
            WebElement count = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs .runs-count")));
            assertThat(count.getText()).startsWith("2 running, 40 finished; 35 more not shown");
            assertThat(rowStates()).containsExactly("running", "running", "finished", "finished", "finished", "finished", "finished");
            long tableHeight = (Long) chromium.driver.executeScript("return Math.round(document.getElementById('runs').getBoundingClientRect().height)");
            assertThat(tableHeight).as("the runs table leaves the charts within reach").isLessThan(500);
            chromium.driver.findElement(By.cssSelector("#runs .runs-toggle")).click();
            wait.until(driver -> rowStates().size() == 42);
            assertThat(chromium.driver.findElement(By.cssSelector("#runs .runs-toggle")).getText()).isEqualTo("Show fewer");
            assertThat(chromium.driver.findElement(By.cssSelector("#runs tbody")).getText()).contains("finished (idle)");
            chromium.fullPageScreenshot(SCREENSHOTS.resolve("runs-all.png"));

            // the run opens its verdict
            chromium.driver.findElement(By.linkText("ci · " + ContractVerdictResource.RUN + ".1")).click();
            WebElement gate = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("gate-heading")));
            assertThat(gate.getText()).isEqualTo("Gate failed");
            assertThat(chromium.driver.getCurrentUrl()).endsWith("/projects/" + project + "/runs/" + ContractVerdictResource.RUN
                    + "?pipeline=ci&attempt=1");
            assertThat(chromium.driver.findElement(By.id("gate")).getText()).contains("1 failure(s) of a class that fails the gate (new)",
                    "the run finished", "50.0% (5 / 10, 95%: 23.7% – 76.3%)", "Default branch (main)", "90.0% (90 / 100, 95%: 82.6% – 94.5%)");
            assertThat(chromium.driver.findElements(By.cssSelector("#verdict-counts > div"))).extracting(WebElement::getText).containsExactly(
                    "New failures\n1", "Failing on the default branch too\n1", "Known flaky\n1", "Quarantined\n1", "Infrastructure\n1");
            assertThat(chromium.driver.findElements(By.cssSelector("#verdict-failures section.verdict-class")))
                    .extracting(section -> section.getAttribute("data-class"))
                    .containsExactly("new", "failing_on_default_branch", "known_flaky", "quarantined", "infra");
            WebElement broken = chromium.driver.findElement(By.cssSelector("section[data-class='new'] tr[data-test='T.broken']"));
            assertThat(broken.getText()).contains("T.broken", "api", "expected 200 but was 503");
            assertThat(chromium.driver.findElement(By.cssSelector("section[data-class='known_flaky'] tbody")).getText())
                    .contains("T.flaky", "timed out after 5 s", "same commit: c1");

            // each failure's history: the run's own failed execution of that test
            broken.findElement(By.cssSelector("button.history-toggle")).click();
            WebElement history = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("section[data-class='new'] tr.history .history-table")));
            wait.until(driver -> history.findElements(By.xpath("./tbody/tr")).size() == 1);
            assertThat(history.findElement(By.xpath("./tbody/tr")).getText()).contains("failed", "ci#" + ContractVerdictResource.RUN + ".1");
            chromium.fullPageScreenshot(SCREENSHOTS.resolve("run-verdict.png"));

            // a running run's verdict so far, followed while the page stays open
            chromium.driver.get(Chromium.url("/projects/" + project + "/runs/" + ContractVerdictResource.RUNNING + "?pipeline=ci&attempt=1"));
            wait.until(ExpectedConditions.textToBe(By.id("gate-heading"), "Gate passed"));
            assertThat(chromium.driver.findElement(By.id("run-state")).getText()).isEqualTo("running");
            assertThat(chromium.driver.findElement(By.id("gate")).getText()).contains("0 failure(s)", "so far: the run is still running",
                    "100.0% (3 / 3, 95%: 43.9% – 100.0%)", "no runs counted");
            assertThat(chromium.driver.findElement(By.id("verdict-failures")).getText()).isEqualTo("No test failed in this run.");
            int reads = ContractVerdictResource.RUNNING_READS.get();
            await().atMost(PATIENCE).until(() -> ContractVerdictResource.RUNNING_READS.get() > reads);

            // a run the API has no verdict for still gets its page, saying so, with the way back
            chromium.driver.get(Chromium.url("/projects/" + project + "/runs/current?pipeline=ci&attempt=1"));
            wait.until(ExpectedConditions.textToBe(By.id("gate-heading"), "No verdict for this run"));
            assertThat(chromium.driver.findElement(By.id("gate")).getText()).contains("no run 'current'");
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
