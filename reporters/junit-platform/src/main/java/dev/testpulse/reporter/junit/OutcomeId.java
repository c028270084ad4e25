package dev.testpulse.reporter.junit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The id of one execution, the same whenever the same execution is described again: a batch re-sent after a 503
 * counts once at ingest, while each job, attempt and retry counts on its own.
 */
final class OutcomeId {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OutcomeId() {
    }

    static String of(String project, RunContext run, TestName test, int retry) {
        String key = String.join("\0", project, run.pipeline(), run.id(), Integer.toString(run.attempt()),
                run.job() == null ? "" : run.job(), test.suite, test.className == null ? "" : test.className, test.name,
                Integer.toString(retry));
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        StringBuilder id = new StringBuilder("jp:");
        for (int i = 0; i < 16; i++) {
            id.append(HEX[(digest[i] >> 4) & 0xf]).append(HEX[digest[i] & 0xf]);
        }
        return id.toString();
    }
}
