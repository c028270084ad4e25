package dev.testpulse.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.TopicProbe;

/**
 * Upload → visible and upload → alert at a steady rate: requests of 100 outcomes of one suite (one partition, so in
 * order), each with one new critical test that fails, which the default {@code critical_failed} rule turns into a
 * fired event on {@code testpulse.alerts}. A request counts as visible once the project's summary total includes it
 * (the summary is polled every {@value #POLL_MS} ms, which bounds the resolution).
 */
final class LatencyProbe {

    static final int PER_REQUEST = 100;
    private static final int POLL_MS = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ingestUrl;
    private final String analysisUrl;
    private final String token;
    private final String project;

    LatencyProbe(String ingestUrl, String analysisUrl, String token, String project) {
        this.ingestUrl = ingestUrl;
        this.analysisUrl = analysisUrl;
        this.token = token;
        this.project = project;
    }

    record Result(double[] visibleMs, double[] alertMs, int requests) {
    }

    Result run(int outcomesPerSecond, int seconds) throws InterruptedException {
        int requests = Math.max(1, outcomesPerSecond * seconds / PER_REQUEST);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * PER_REQUEST / outcomesPerSecond;
        long[] sentAt = new long[requests];
        long[] visibleAt = new long[requests];
        Map<Integer, Long> alertAt = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch alertsReady = new CountDownLatch(1);
        Thread alerts = new Thread(() -> readAlerts(alertAt, done, alertsReady), "bench-alerts");
        alerts.start();
        alertsReady.await();
        int[] visible = {0};
        Thread summary = new Thread(() -> pollSummary(sentAt, visibleAt, visible, requests, done), "bench-summary");
        summary.start();

        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        CountDownLatch allSent = new CountDownLatch(requests);
        int[] next = {0};
        clock.scheduleAtFixedRate(() -> {
            if (next[0] >= requests) {
                return;
            }
            int i = next[0]++;
            senders.submit(() -> {
                try {
                    byte[] body = body(i);
                    sentAt[i] = System.nanoTime();
                    Http.expect2xx(Http.post(ingestUrl + "/api/v1/outcomes", token, "application/json", body));
                } finally {
                    allSent.countDown();
                }
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        allSent.await();
        clock.shutdownNow();
        senders.shutdown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((visible[0] < requests || alertAt.size() < requests) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        done.set(true);
        summary.join();
        alerts.join();
        List<Double> visibleMs = new ArrayList<>();
        List<Double> alertMs = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            if (visibleAt[i] > 0) {
                visibleMs.add((visibleAt[i] - sentAt[i]) / 1e6);
            }
            Long alert = alertAt.get(i);
            if (alert != null) {
                alertMs.add((alert - sentAt[i]) / 1e6);
            }
        }
        return new Result(sorted(visibleMs), sorted(alertMs), requests);
    }

    /** 99 passing tests and one new critical test that fails: 1% failed, far from an infra incident. */
    private byte[] body(int request) {
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int t = 0; t < PER_REQUEST - 1; t++) {
            outcomes.add(Workload.incoming(project, "lat-" + request, "latency", t, "passed"));
        }
        outcomes.add(Map.of("project", project, "pipeline", "ci", "run", Map.of("id", "lat-" + request, "branch", "main"),
                "suite", "latency", "test", Map.of("class", "Probe", "name", "crit-" + request, "tags", List.of("critical")),
                "status", "failed", "failure", Map.of("type", "AssertionError", "message", "probe " + request)));
        return Workload.write(outcomes);
    }

    private void pollSummary(long[] sentAt, long[] visibleAt, int[] visible, int requests, AtomicBoolean done) {
        while (!done.get() && visible[0] < requests) {
            var response = Http.get(analysisUrl + "/api/v1/projects/" + project + "/summary?window=1h");
            long now = System.nanoTime();
            if (response.statusCode() == 200) {
                long total = readTotal(response.body());
                // requests are answered in order of sending closely enough; all up to the total are visible
                while (visible[0] < requests && sentAt[visible[0]] > 0 && total >= (long) (visible[0] + 1) * PER_REQUEST) {
                    visibleAt[visible[0]++] = now;
                }
            }
            sleep(POLL_MS);
        }
    }

    private static long readTotal(String body) {
        try {
            JsonNode rate = JSON.readTree(body).path("overall").path("rate");
            return rate.path("total").asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    private void readAlerts(Map<Integer, Long> alertAt, AtomicBoolean done, CountDownLatch ready) {
        try (TopicProbe probe = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            ready.countDown();
            while (!done.get()) {
                for (ConsumerRecord<String, String> record : probe.poll()) {
                    long now = System.nanoTime();
                    try {
                        String test = JSON.readTree(record.value()).path("data").path("labels").path("test").asText("");
                        if (test.startsWith("Probe.crit-")) {
                            alertAt.putIfAbsent(Integer.parseInt(test.substring("Probe.crit-".length())), now);
                        }
                    } catch (Exception notOurs) {
                        // another event on the topic
                    }
                }
            }
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static double[] sorted(List<Double> values) {
        double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(array);
        return array;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
