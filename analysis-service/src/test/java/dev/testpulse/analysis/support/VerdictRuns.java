package dev.testpulse.analysis.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs whose failures the verdict (issue 28) classifies one of each per-test class, for the API's and the dashboard's
 * tests: on the default branch main, m0 (3 h ago) and m1 (2 h ago); on a feature branch, run {@code run} with a new
 * failure ({@code fresh}), one failing on main too ({@code broken}), a known flaky one ({@code flaky}, failed and passed
 * on retry on main's commit) and a quarantined one ({@code muted}, muted when it ran), plus six passing tests.
 */
public final class VerdictRuns {

    private VerdictRuns() {
    }

    /** The outcomes of m0, m1 and {@code run}, all in suite {@code api}, class {@code T}, pipeline {@code ci}. */
    public static List<String> oneFailureOfEachClass(String project, String run, Instant now) {
        List<String> outcomes = new ArrayList<>();
        Instant m0 = now.minus(Duration.ofHours(3));
        outcomes.add(outcome(project, "ci", "m0", "c-m0", "main", "broken", "passed", 0, false, m0));
        outcomes.add(outcome(project, "ci", "m0", "c-m0", "main", "fresh", "passed", 0, false, m0));
        Instant m1 = now.minus(Duration.ofHours(2));
        outcomes.add(outcome(project, "ci", "m1", "c-m1", "main", "broken", "failed", 0, false, m1));
        outcomes.add(outcome(project, "ci", "m1", "c-m1", "main", "flaky", "failed", 0, false, m1));
        outcomes.add(outcome(project, "ci", "m1", "c-m1", "main", "flaky", "passed", 1, false, m1.plusSeconds(1)));
        outcomes.add(outcome(project, "ci", "m1", "c-m1", "main", "fresh", "passed", 0, false, m1));
        outcomes.add(outcome(project, "ci", "m1", "c-m1", "main", "muted", "failed", 0, false, m1));
        Instant pr = now.minus(Duration.ofMinutes(1));
        for (String failing : List.of("fresh", "broken", "flaky")) {
            outcomes.add(outcome(project, "ci", run, "c-pr", "feature", failing, "failed", 0, false, pr));
        }
        outcomes.add(outcome(project, "ci", run, "c-pr", "feature", "muted", "failed", 0, true, pr));
        for (int i = 0; i < 6; i++) {
            outcomes.add(outcome(project, "ci", run, "c-pr", "feature", "ok-" + i, "passed", 0, false, pr));
        }
        return outcomes;
    }

    /** The muted test's quarantine, as an admin sets it: its reason is the quarantined failure's evidence. */
    public static void quarantine(String project) {
        TestAuth.asAdmin().contentType("application/json").body(Map.of("suite", "api", "class", "T", "name", "muted", "state", "muted",
                "reason", "hangs on the gateway mock")).put("/api/v1/projects/{p}/quarantine", project).then().statusCode(200);
    }

    /** One outcome record of suite {@code api}, class {@code T}; a failure's message is "expected {name}". */
    public static String outcome(String project, String pipeline, String run, String commit, String branch, String name, String status,
            int retry, boolean muted, Instant at) {
        String failure = status.equals("passed") ? "" : ",\"failure\":{\"type\":\"AssertionError\",\"message\":\"expected " + name + "\"}";
        return """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"%s",
                 "run":{"id":"%s","attempt":1,"commit":"%s","branch":"%s"},"suite":"api",
                 "test":{"class":"T","name":"%s","tags":[]},"status":"%s","duration_ms":5,"retry":%d,"muted":%b,
                 "observed_at":"%s"%s}""".formatted(UUID.randomUUID(), project, pipeline, run, commit, branch, name, status, retry,
                muted, at, failure);
    }
}
