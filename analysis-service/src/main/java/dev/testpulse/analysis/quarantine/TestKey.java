package dev.testpulse.analysis.quarantine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A test's identity exactly as outcomes carry it ({@code suite}, {@code test.class}, {@code test.name});
 * {@code className} is null for a test without a class (stored as '').
 */
public record TestKey(String suite, String className, String name) {

    /** The class as the table's key holds it. */
    String storedClass() {
        return className == null ? "" : className;
    }

    static String fromStored(String storedClass) {
        return storedClass == null || storedClass.isEmpty() ? null : storedClass;
    }

    /**
     * The key of the test's state events on the topic (and their subject): a hash of the project and the identity, so
     * a test's events stay in order on one partition whatever characters its name holds.
     */
    public String fingerprint(String project) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {project, suite, storedClass(), name}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "test-state-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
