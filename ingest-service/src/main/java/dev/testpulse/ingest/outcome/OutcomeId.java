package dev.testpulse.ingest.outcome;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The deterministic identity of an outcome the client gave no id for: the same test execution uploaded twice gets
 * the same id, which is how analysis-service counts it once.
 */
public final class OutcomeId {

    private OutcomeId() {
    }

    /**
     * 128 bits of SHA-256 over project, pipeline, run id, attempt, suite, class, name and retry, and the job when
     * there is one: matrix legs and shards of one run upload the same tests and must not count as one.
     */
    public static String of(String project, String pipeline, String runId, int attempt, String job, String suite,
            String className, String name, int retry) {
        List<Object> parts = new ArrayList<>(Arrays.asList(project, pipeline, runId, attempt, suite, className, name, retry));
        // Appended only when present, so an upload without a job keeps the id it had before jobs existed and a re-sent
        // old upload still counts once. One more separator than a job-less id keeps the two kinds apart.
        if (job != null) {
            parts.add(job);
        }
        MessageDigest sha256 = sha256();
        // A separator no field can contain (TextRepair turns U+0000 into U+FFFD) keeps ("ab","c") and ("a","bc") apart.
        for (Object part : parts) {
            sha256.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
