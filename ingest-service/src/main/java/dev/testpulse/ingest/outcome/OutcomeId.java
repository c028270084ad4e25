package dev.testpulse.ingest.outcome;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The deterministic identity of an outcome the client gave no id for: the same test execution uploaded twice gets
 * the same id, which is how analysis-service counts it once.
 */
public final class OutcomeId {

    private OutcomeId() {
    }

    /** 128 bits of SHA-256 over project, pipeline, run id, attempt, suite, class, name and retry. */
    public static String of(String project, String pipeline, String runId, int attempt, String suite,
            String className, String name, int retry) {
        MessageDigest sha256 = sha256();
        // A separator no field can contain keeps ("ab","c") and ("a","bc") apart.
        for (Object part : new Object[] {project, pipeline, runId, attempt, suite, className, name, retry}) {
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
