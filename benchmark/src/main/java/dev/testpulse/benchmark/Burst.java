package dev.testpulse.benchmark;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.TopicProbe;

/**
 * Issue #25's burst: many pipelines finishing at once, each uploading one big JUnit report, all at the same moment.
 * The reports are built in memory before the clock starts, spread over {@link Workload#PROJECTS} projects, each upload
 * a suite and a run (on a commit) of its own, ~5% failures. The middle upload's first test case is a critical test that
 * fails, so the default {@code critical_failed} rule fires while the backlog is being counted: its event's latency is
 * measured from the moment that upload was sent, as the latency figure measures its requests.
 */
final class Burst {

    /** The critical test's name in the middle report: what the alert event's {@code test} label ends with. */
    static final String CRITICAL_TEST = "burstCriticalCheckoutTotal";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ingestUrl;
    private final Map<String, String> tokens;
    private final AnalysisProgress progress;
    private final AtomicLong retries = new AtomicLong();

    /** @param tokens a token per project, {@code burst-p0} … */
    Burst(String ingestUrl, Map<String, String> tokens, AnalysisProgress progress) {
        this.ingestUrl = ingestUrl;
        this.tokens = tokens;
        this.progress = progress;
    }

    static String project(int upload) {
        return "burst-p" + upload % Workload.PROJECTS;
    }

    /**
     * @param outcomes       outcomes uploaded (uploads × tests)
     * @param reportBytes    size of one report
     * @param firstAcceptedS seconds from the first upload sent to the first 202
     * @param lastAcceptedS  seconds from the first upload sent to the last 202
     * @param countedS       seconds from the first 202 until analysis had applied every record (committed offsets)
     * @param alertMs        the critical failure's alert event, ms after its upload was sent; NaN if none arrived
     * @param alertUploadMs  that upload's own 202, ms after it was sent
     * @param retries        503s (ingest busy) answered by sending the same upload again after its Retry-After
     */
    record Result(long outcomes, int reportBytes, double firstAcceptedS, double lastAcceptedS, double countedS,
            double alertMs, double alertUploadMs, long retries) {

        double outcomesPerSecond() {
            return outcomes / countedS;
        }
    }

    /** Posts {@code uploads} reports of {@code tests} test cases at once; analysis consumes {@code topic} as {@code group}. */
    Result run(int uploads, int tests, String topic, String group, long timeoutSeconds) throws InterruptedException {
        int critical = uploads / 2;
        List<byte[]> reports = new ArrayList<>(uploads);
        for (int i = 0; i < uploads; i++) {
            String suite = "burst" + i;
            reports.add(i == critical ? Workload.junitWithCriticalFailure(suite, tests, CRITICAL_TEST)
                    : Workload.junit(suite, tests));
        }
        long[] sentAt = new long[uploads];
        long[] acceptedAt = new long[uploads];
        AtomicLong alertAt = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch alertsReady = new CountDownLatch(1);
        Thread alerts = new Thread(() -> awaitAlert(alertAt, done, alertsReady), "bench-burst-alerts");
        alerts.start();
        alertsReady.await();

        ExecutorService pipelines = Executors.newFixedThreadPool(uploads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> posted = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                int upload = i;
                posted.add(pipelines.submit(() -> {
                    go.await();
                    sentAt[upload] = System.nanoTime();
                    post(upload, reports.get(upload));
                    acceptedAt[upload] = System.nanoTime();
                    return null;
                }));
            }
            go.countDown();
            int failed = 0;
            Throwable first = null;
            for (Future<?> upload : posted) {
                try {
                    upload.get();
                } catch (ExecutionException e) {
                    failed++;
                    first = first == null ? e.getCause() : first;
                }
            }
            if (failed > 0) {
                done.set(true);
                throw new IllegalStateException(failed + " of " + uploads + " uploads failed, the first: " + first.getMessage(),
                        first);
            }
        } finally {
            pipelines.shutdownNow();
        }
        long firstSent = min(sentAt);
        long firstAccepted = min(acceptedAt);
        long lastAccepted = max(acceptedAt);
        // every record is on the topic once its upload was answered 202 (acks=all): the end offsets are final now
        AnalysisProgress.Rate counted = progress.awaitApplied(topic, group, timeoutSeconds, () -> { });
        long alertDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (alertAt.get() == 0 && System.nanoTime() < alertDeadline) {
            Thread.sleep(100);
        }
        done.set(true);
        alerts.join();
        double alertMs = alertAt.get() == 0 ? Double.NaN : (alertAt.get() - sentAt[critical]) / 1e6;
        return new Result((long) uploads * tests, reports.get(0).length, (firstAccepted - firstSent) / 1e9,
                (lastAccepted - firstSent) / 1e9, (counted.doneNanos() - firstAccepted) / 1e9, alertMs,
                (acceptedAt[critical] - sentAt[critical]) / 1e6, retries.get());
    }

    private void post(int upload, byte[] report) {
        String path = "/api/v1/reports/junit?pipeline=ci&run=burst-" + upload + "&branch=main&commit="
                + "b0057%035x".formatted(upload);
        HttpResponse<String> response = Http.post(ingestUrl + path, tokens.get(project(upload)), "application/xml", report);
        // as a CI client does (curl --retry, the reporter): a busy ingest says when to come back, and the same upload
        // counts once; the retries are counted and printed
        while (response.statusCode() == 503) {
            retries.incrementAndGet();
            long seconds = response.headers().firstValueAsLong("Retry-After").orElse(5);
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(1, seconds)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("burst upload " + upload + " interrupted while waiting to retry", e);
            }
            response = Http.post(ingestUrl + path, tokens.get(project(upload)), "application/xml", report);
        }
        if (response.statusCode() != 202) {
            throw new IllegalStateException("burst upload " + upload + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private static void awaitAlert(AtomicLong alertAt, AtomicBoolean done, CountDownLatch ready) {
        try (TopicProbe probe = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            ready.countDown();
            while (!done.get() && alertAt.get() == 0) {
                for (ConsumerRecord<String, String> record : probe.poll()) {
                    long now = System.nanoTime();
                    try {
                        String test = JSON.readTree(record.value()).path("data").path("labels").path("test").asText("");
                        if (test.endsWith(CRITICAL_TEST)) {
                            alertAt.compareAndSet(0, now);
                        }
                    } catch (Exception notOurs) {
                        // another event on the topic
                    }
                }
            }
        }
    }

    private static long min(long[] values) {
        long min = Long.MAX_VALUE;
        for (long value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    private static long max(long[] values) {
        long max = Long.MIN_VALUE;
        for (long value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
