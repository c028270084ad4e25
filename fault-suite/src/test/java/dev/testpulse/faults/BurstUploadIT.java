package dev.testpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.faults.support.Analysis;
import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.faults.support.Uploader;

/**
 * Issue #25's burst, scaled to a smaller heap: many CI jobs finish at once and each uploads one large Surefire-style
 * JUnit report (20,000 test cases, ~2.5 MB). Without a bound on the work in flight, each concurrent upload took its
 * share of the heap until ingest died on OutOfMemoryError. With the report budget, uploads beyond it wait, or hear 503
 * with Retry-After and are sent again (as docs/ci.md's curl and the reporter do): ingest stays up, every upload ends
 * 202, and analysis counts each test exactly once.
 */
class BurstUploadIT {

    /** Without the report budget, 8 of them at once made ingest -Xmx64m exit on OutOfMemoryError (20 s in). */
    private static final int UPLOADS = 8;
    private static final int TESTS = 20_000;
    /**
     * A quarter of the shipped -Xmx256m, so that a burst of 8 uploads is the threat the benchmark's 50 were: fewer
     * outcomes to count keeps the scenario short.
     */
    private static final String INGEST_HEAP = "64m";
    private static FaultPair pair;

    @BeforeAll
    static void startPair() {
        // A short wait for budget: the scenario goes through 503s and retries too, not only through waiting.
        pair = FaultPair.startWithIngestHeap("burst", INGEST_HEAP, Map.of("testpulse.ingest.report-budget-wait", "2s"));
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aBurstOfLargeReportsLeavesIngestUpAndCountsEveryTestOnce() throws Exception {
        String project = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        Uploader uploader = new Uploader(pair.ingest().url(), pair.projectToken(project));
        List<String> reports = new ArrayList<>();
        for (int upload = 0; upload < UPLOADS; upload++) {
            reports.add(surefireReport("com.acme.burst" + upload, TESTS));
        }
        ExecutorService jobs = Executors.newFixedThreadPool(UPLOADS);
        CountDownLatch go = new CountDownLatch(1);
        long started = System.nanoTime();
        try {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int upload = 0; upload < UPLOADS; upload++) {
                String path = "/api/v1/reports/junit?pipeline=ci&branch=main&commit=b0057" + upload + "&run=burst-" + upload;
                String report = reports.get(upload);
                answers.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(go);
                    return uploader.post(path, "application/xml", report, Map.of());
                }, jobs));
            }
            go.countDown();
            CompletableFuture<Void> all = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
            // Ends when every upload was answered 202, or as soon as ingest is gone (then the uploader would retry
            // against nothing for ever).
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                    .until(() -> all.isDone() || !pair.ingest().isAlive());
            assertThat(pair.ingest().isAlive()).as("ingest-service is still running after the burst (see %s)",
                    pair.ingest().logFile()).isTrue();
            all.join();
        } finally {
            jobs.shutdownNow();
        }
        double acceptedAfter = (System.nanoTime() - started) / 1e9;
        assertThat(uploader.accepted()).isEqualTo(UPLOADS);
        assertThat(uploader.connectionErrors()).as("requests that got no answer").isZero();
        assertThat(pair.ingest().readiness()).as("ingest ready after the burst").isEqualTo(200);

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> Analysis.caughtUp(pair));
        assertThat(Analysis.records(pair.topic())).as("records on the topic").isGreaterThanOrEqualTo((long) UPLOADS * TESTS);
        assertThat(Analysis.total(pair.analysis(), project)).as("outcomes counted").isEqualTo((long) UPLOADS * TESTS);
        System.out.printf("BurstUploadIT: %d concurrent JUnit reports of %d tests (%d bytes each) to ingest -Xmx%s: all 202"
                + " after %.1f s, %d answers 503 (retried after Retry-After), %d records on the topic, %d outcomes counted%n",
                UPLOADS, TESTS, reports.get(0).length(), INGEST_HEAP, acceptedAfter, uploader.unavailable(),
                Analysis.records(pair.topic()), Analysis.total(pair.analysis(), project));
    }

    private static void awaitQuietly(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Surefire-style report: ~5% failed with a message and a trace, ~2% skipped, the rest passed; ~125 bytes a test. */
    private static String surefireReport(String suite, int tests) {
        StringBuilder xml = new StringBuilder(tests * 130);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"").append(suite).append("\" tests=\"")
                .append(tests).append("\" hostname=\"runner-7\" timestamp=\"")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\">\n");
        for (int i = 0; i < tests; i++) {
            xml.append("  <testcase name=\"handlesCase").append(i).append("WithinTheBudget\" classname=\"").append(suite)
                    .append(".Feature").append(i / 20).append("Test\" time=\"0.").append(100 + i % 900).append('"');
            if (i % 100 < 5) {
                xml.append(">\n    <failure message=\"expected:&lt;200&gt; but was:&lt;503&gt;\" type=\"java.lang.AssertionError\">")
                        .append("java.lang.AssertionError: expected:&lt;200&gt; but was:&lt;503&gt;\n\tat ").append(suite)
                        .append(".Feature.handles(Feature.java:").append(40 + i % 60).append(")\n    </failure>\n")
                        .append("    <system-out><![CDATA[starting case ").append(i).append("\n]]></system-out>\n  </testcase>\n");
            } else if (i % 100 < 7) {
                xml.append(">\n    <skipped message=\"disabled on CI\"/>\n  </testcase>\n");
            } else {
                xml.append("/>\n");
            }
        }
        return xml.append("</testsuite>\n").toString();
    }
}
