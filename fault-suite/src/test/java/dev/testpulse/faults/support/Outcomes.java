package dev.testpulse.faults.support;

import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic outcomes of one project as a CI job sends them to ingest (no id: ingest derives it from project,
 * pipeline, run, suite, class and name, so a re-sent line has the same id). Outcome {@code i} has a fixed status in
 * the ratio 6 passed : 2 failed : 1 error : 1 skipped, so exact totals per status are known in advance.
 */
public final class Outcomes {

    public static final int SUITES = 8;
    public static final int PER_RUN = 5_000;

    private Outcomes() {
    }

    public static String status(int i) {
        int slot = i % 10;
        return slot < 6 ? "passed" : slot < 8 ? "failed" : slot == 8 ? "error" : "skipped";
    }

    /** NDJSON lines for outcomes {@code from} (inclusive) to {@code to} (exclusive). */
    public static String ndjson(String project, int from, int to) {
        StringBuilder body = new StringBuilder((to - from) * 200);
        for (int i = from; i < to; i++) {
            body.append(line(project, i, "t" + i)).append('\n');
        }
        return body.toString();
    }

    /** One outcome as a JSON object with the given test name (already JSON-escaped). */
    public static String line(String project, int i, String escapedName) {
        return """
                {"project":"%s","pipeline":"ci","run":{"id":"%d","commit":"c%d","branch":"main"},"suite":"suite-%d",\
                "test":{"class":"Class%d","name":"%s"},"status":"%s","duration_ms":%d}"""
                .formatted(project, i / PER_RUN, i / PER_RUN, i % SUITES, i % 50, escapedName, status(i), 1 + i % 900);
    }

    /** The exact totals outcomes {@code 0..n-1} must add up to, keyed as the summary API names them. */
    public static Map<String, Long> totals(int n) {
        Map<String, Long> totals = new TreeMap<>();
        for (String status : new String[] {"passed", "failed", "error", "skipped"}) {
            totals.put(status, 0L);
        }
        for (int i = 0; i < n; i++) {
            totals.merge(status(i), 1L, Long::sum);
        }
        totals.put("total", (long) n);
        return totals;
    }
}
