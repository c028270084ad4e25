package dev.testpulse.analysis.alerts.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** A stable hash of a rule id and a series' labels: the Kafka key that keeps each series in order. */
final class Fingerprints {

    private Fingerprints() {
    }

    static String of(String ruleId, Map<String, String> labels) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(ruleId.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                sha256.update((byte) 0);
                sha256.update(label.getKey().getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) '=');
                sha256.update(String.valueOf(label.getValue()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha256.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
