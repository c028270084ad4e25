package dev.testpulse.analysis.failures;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signatures of recently seen failures, by type and message as reported: the same cause is signed once, not once
 * per failing outcome. Bounded in entries and in the length of the messages it keeps, so that it stays a few MB
 * whatever producers send; a longer message is signed every time.
 */
final class KnownSignatures {

    private final int entries;
    private final int longestMessage;
    private final Map<Key, FailureSignature> recent;

    KnownSignatures(int entries, int longestMessage) {
        this.entries = entries;
        this.longestMessage = longestMessage;
        this.recent = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, FailureSignature> eldest) {
                return size() > KnownSignatures.this.entries;
            }
        };
    }

    /** The signature of a failure of this type and message, as {@link FailureSignature#of} gives it. */
    FailureSignature of(String type, String message) {
        if (message != null && message.length() > longestMessage || type != null && type.length() > longestMessage) {
            return FailureSignature.of(type, message);
        }
        Key key = new Key(type, message);
        synchronized (recent) {
            FailureSignature known = recent.get(key);
            if (known != null) {
                return known;
            }
        }
        FailureSignature signed = FailureSignature.of(type, message);
        synchronized (recent) {
            recent.put(key, signed);
        }
        return signed;
    }

    int size() {
        synchronized (recent) {
            return recent.size();
        }
    }

    private record Key(String type, String message) {
    }
}
