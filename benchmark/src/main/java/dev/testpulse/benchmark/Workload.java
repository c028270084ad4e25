package dev.testpulse.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The outcomes a benchmark sends: realistic names and sizes, about 93% passed, 5% failed with a handful of causes,
 * 2% skipped, one test per suite tagged critical. Deterministic, so two runs send the same bytes.
 */
final class Workload {

    static final int PROJECTS = 5;
    static final int SUITES_PER_PROJECT = 10;
    static final int RUNS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The class of the critical test {@link #junitWithCriticalFailure} puts first. */
    static final String CRITICAL_CLASS = "com.acme.checkout.CheckoutCriticalTest";
    private static final String COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8";
    private static final String[] CAUSES = {
        "expected:<200> but was:<503>", "Connection refused: localhost/127.0.0.1:5432",
        "no message within 30000 ms on ws://127.0.0.1:43121/feed", "element #checkout-button not found after 10s",
        "NullPointerException: Cannot invoke \"Cart.total()\" because \"cart\" is null"};

    private Workload() {
    }

    /** One outcome as a client sends it to {@code POST /api/v1/outcomes} (no id: ingest derives it). */
    static Map<String, Object> incoming(String project, String runId, String suite, int test, String status) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("project", project);
        outcome.put("pipeline", "ci");
        outcome.put("run", Map.of("id", runId, "commit", COMMIT, "branch", "main"));
        outcome.put("suite", suite);
        outcome.put("test", Map.of("class", "com.acme." + suite + ".Feature" + (test / 20) + "Test", "name",
                "handlesCase" + test + "WithinTheBudget"));
        outcome.put("status", status);
        outcome.put("duration_ms", 5 + (test * 37) % 900);
        if (status.equals("failed")) {
            String cause = CAUSES[test % CAUSES.length];
            outcome.put("failure", Map.of("type", "java.lang.AssertionError", "message", cause,
                    "trace", "java.lang.AssertionError: " + cause + "\n\tat com.acme." + suite + ".Feature.handles(Feature.java:"
                            + (40 + test % 60) + ")"));
        }
        return outcome;
    }

    /** The status of test {@code test} in run {@code run}: mostly passed, a stable few failing, some flapping. */
    static String status(int test, int run) {
        int roll = Math.floorMod(((test * 7919) ^ (run * 104729)) * 31, 100);
        return roll < 5 ? "failed" : roll < 7 ? "skipped" : "passed";
    }

    /** A JSON array body of {@code count} outcomes of one run. */
    static byte[] jsonArray(String project, String runId, int count) {
        return write(outcomes(project, runId, count));
    }

    /** The same outcomes as NDJSON, one per line. */
    static byte[] ndjson(String project, String runId, int count) {
        StringBuilder body = new StringBuilder();
        for (Map<String, Object> outcome : outcomes(project, runId, count)) {
            body.append(new String(write(outcome), StandardCharsets.UTF_8)).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<Map<String, Object>> outcomes(String project, String runId, int count) {
        List<Map<String, Object>> outcomes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            outcomes.add(incoming(project, runId, "suite" + (i % SUITES_PER_PROJECT), i, status(i, runId.hashCode())));
        }
        return outcomes;
    }

    /** A Surefire-style JUnit XML report of {@code count} test cases, about 5% failed with a trace. */
    static byte[] junit(String suite, int count) {
        return junit(suite, count, null);
    }

    /**
     * The same report, its first test case replaced by {@code critical}: a test tagged {@code critical} (a testcase
     * property) that fails, which the default {@code critical_failed} rule turns into a fired event.
     */
    static byte[] junitWithCriticalFailure(String suite, int count, String critical) {
        return junit(suite, count, critical);
    }

    private static byte[] junit(String suite, int count, String critical) {
        StringBuilder xml = new StringBuilder(count * 200);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"com.acme.").append(suite)
                .append("\" tests=\"").append(count).append("\" hostname=\"runner-7\" timestamp=\"")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\">\n  <properties>\n")
                .append("    <property name=\"java.version\" value=\"17.0.15\"/>\n  </properties>\n");
        int first = 0;
        if (critical != null) {
            xml.append("  <testcase name=\"").append(critical).append("\" classname=\"").append(CRITICAL_CLASS)
                    .append("\" time=\"0.2\">\n    <properties>\n      <property name=\"tag\" value=\"critical\"/>\n")
                    .append("    </properties>\n    <failure message=\"checkout total is wrong\" type=\"java.lang.AssertionError\">")
                    .append("java.lang.AssertionError: checkout total is wrong\n    </failure>\n  </testcase>\n");
            first = 1;
        }
        for (int i = first; i < count; i++) {
            String status = status(i, suite.hashCode());
            xml.append("  <testcase name=\"handlesCase").append(i).append("WithinTheBudget\" classname=\"com.acme.")
                    .append(suite).append(".Feature").append(i / 20).append("Test\" time=\"0.").append(100 + i % 900).append('"');
            if (status.equals("passed")) {
                xml.append("/>\n");
            } else if (status.equals("skipped")) {
                xml.append(">\n    <skipped message=\"disabled on CI\"/>\n  </testcase>\n");
            } else {
                String cause = CAUSES[i % CAUSES.length].replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
                xml.append(">\n    <failure message=\"").append(cause).append("\" type=\"java.lang.AssertionError\">")
                        .append("java.lang.AssertionError: ").append(cause).append("\n\tat com.acme.").append(suite)
                        .append(".Feature.handles(Feature.java:").append(40 + i % 60).append(")\n    </failure>\n")
                        .append("    <system-out><![CDATA[starting case ").append(i).append("\n]]></system-out>\n  </testcase>\n");
            }
        }
        return xml.append("</testsuite>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JUnit report of just under {@code megabytes} MB (10^6 bytes), so "50 MB" fits ingest's 50 MiB body limit. */
    static byte[] junitOfSize(int megabytes) {
        long target = (long) megabytes * 1_000_000;
        int count = (int) (target / (junit("big", 1000).length / 1000 + 1));
        byte[] report = junit("big", count);
        // names grow with the test number, so the first guess overshoots: scale down once by what it measured
        return report.length <= target ? report : junit("big", (int) (count * (target * 0.99 / report.length)));
    }

    /**
     * The pre-filled topic's shape (issue #13): 5 projects of 10 suites, {@link #RUNS} runs; half the suites also run on
     * a second job (a matrix leg), so 300,000 outcomes are 10,000 tests (200 per suite) × 20 runs × 1.5. Each record is
     * the v1 contract as ingest publishes it, handed to {@code sink} as (key, value).
     *
     * @param prefix keeps the projects of one figure apart from another's, so none of its ids was counted before
     * @param commits {@link Commits#ONE} puts every run on one commit, so a test that failed in one run and passed in
     *                another is flaky (four tests in five: the flaky rule's worst case); {@link Commits#PER_RUN} gives
     *                each run its own, the common case
     */
    static void prefill(String prefix, int total, Commits commits, RecordSink sink) {
        int testsPerSuite = Math.max(1, total / (RUNS * PROJECTS * SUITES_PER_PROJECT * 3 / 2));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int sent = 0;
        for (int run = 0; run < RUNS && sent < total; run++) {
            Instant started = now.minus(RUNS - run, ChronoUnit.HOURS);
            for (int p = 0; p < PROJECTS; p++) {
                String project = prefix + "-p" + p;
                for (int s = 0; s < SUITES_PER_PROJECT && sent < total; s++) {
                    String suite = "suite" + s;
                    List<String> jobs = s % 2 == 0 ? List.of("jdk17", "jdk21") : List.of("jdk17");
                    for (String job : jobs) {
                        for (int t = 0; t < testsPerSuite && sent < total; t++) {
                            sink.accept(project + "/" + suite, wire(project, run, commits.of(run), job, suite, t, started));
                            sent++;
                        }
                    }
                }
            }
        }
    }

    /** One v1 record as ingest publishes it (docs/schemas/outcome-v1.schema.json). */
    static String wire(String project, int run, String commit, String job, String suite, int test, Instant started) {
        Map<String, Object> outcome = incoming(project, "build-" + run, suite, test, status(test, run));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema", "testpulse.outcome/v1");
        record.put("id", Integer.toHexString(project.hashCode()) + "-" + run + "-" + job + "-" + suite + "-" + test);
        record.putAll(outcome);
        Map<String, Object> runInfo = new LinkedHashMap<>();
        runInfo.put("id", "build-" + run);
        runInfo.put("attempt", 1);
        runInfo.put("job", job);
        runInfo.put("commit", commit);
        runInfo.put("branch", "main");
        runInfo.put("started_at", started.toString());
        record.put("run", runInfo);
        Map<String, Object> testInfo = new LinkedHashMap<>(castMap(outcome.get("test")));
        testInfo.put("tags", test == 0 ? List.of("critical") : List.of());
        record.put("test", testInfo);
        record.put("retry", 0);
        record.put("observed_at", started.plusMillis(test * 50L).toString());
        return new String(write(record), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** The average size of a published outcome record in bytes: what the raw producer sends. */
    static int recordSize() {
        List<Integer> sizes = new ArrayList<>();
        prefill("size", 1500, Commits.ONE, (key, value) -> sizes.add(value.getBytes(StandardCharsets.UTF_8).length));
        return (int) sizes.stream().mapToInt(Integer::intValue).average().orElseThrow();
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
    }

    /** Which commit each pre-filled run is on. */
    enum Commits {
        ONE, PER_RUN;

        String of(int run) {
            return this == ONE ? COMMIT : "c0ffee%034x".formatted(run);
        }
    }

    /** Where pre-filled records go. */
    interface RecordSink {
        void accept(String key, String value);
    }
}
