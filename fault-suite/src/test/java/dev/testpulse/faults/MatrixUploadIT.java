package dev.testpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.faults.support.Analysis;
import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.faults.support.Uploader;

/**
 * Scenario 5: a build matrix. The same JUnit report is uploaded by three jobs of one run (the job named by the
 * {@code job} query parameter or the {@code X-Testpulse-Job} header): each job's tests are counted, so three times.
 * Re-sending those same three uploads (a retried CI step) counts nothing again.
 */
class MatrixUploadIT {

    private static final String SUITE = "com.acme.MatrixTest";
    private static final String REPORT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="%1$s" tests="5" failures="1" errors="0" skipped="1" time="0.5">
              <testcase classname="%1$s" name="adds" time="0.1"/>
              <testcase classname="%1$s" name="subtracts" time="0.1"/>
              <testcase classname="%1$s" name="multiplies" time="0.1"/>
              <testcase classname="%1$s" name="divides" time="0.1"><failure type="AssertionError" message="expected 2 but was 3"/></testcase>
              <testcase classname="%1$s" name="roots" time="0.1"><skipped/></testcase>
            </testsuite>
            """.formatted(SUITE);
    private static FaultPair pair;

    @BeforeAll
    static void startPair() {
        pair = FaultPair.start("matrix");
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void sameReportFromThreeJobsOfOneRunCountsThreeTimesAndReSendingCountsNothingMore() {
        String project = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        Uploader uploader = new Uploader(pair.ingest().url(), pair.projectToken(project));

        uploadFromEveryJob(uploader);
        awaitCaughtUp();
        assertThat(Analysis.totals(pair.analysis(), project)).as("three jobs, each counted").isEqualTo(totals(3));

        uploadFromEveryJob(uploader);
        awaitCaughtUp();
        assertThat(Analysis.totals(pair.analysis(), project)).as("the same uploads re-sent").isEqualTo(totals(3));
        System.out.printf("MatrixUploadIT: one 5-test JUnit report from 3 jobs of run 42, then re-sent: %d uploads 202, "
                + "%d records on the topic; totals %s%n", uploader.accepted(), Analysis.records(pair.topic()),
                Analysis.totals(pair.analysis(), project));
    }

    private static void uploadFromEveryJob(Uploader uploader) {
        String path = "/api/v1/reports/junit?pipeline=ci&run=42&commit=abc123&branch=main";
        uploader.post(path + "&job=linux-jdk17", "application/xml", REPORT, Map.of());
        uploader.post(path + "&job=linux-jdk21", "application/xml", REPORT, Map.of());
        uploader.post(path, "application/xml", REPORT, Map.of("X-Testpulse-Job", "windows-jdk17"));
    }

    private static void awaitCaughtUp() {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> Analysis.caughtUp(pair));
    }

    /** The report's totals (3 passed, 1 failed, 1 skipped) times {@code jobs}. */
    private static Map<String, Long> totals(long jobs) {
        return new TreeMap<>(Map.of("passed", 3 * jobs, "failed", jobs, "error", 0L, "skipped", jobs, "total", 5 * jobs));
    }
}
