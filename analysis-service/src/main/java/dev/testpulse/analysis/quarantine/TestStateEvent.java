package dev.testpulse.analysis.quarantine;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A change of a test's state as a CloudEvent 1.0 (structured JSON), published on {@code testpulse.alerts} next to the
 * alert events and keyed by {@code subject} (the test's fingerprint), so a test's changes arrive in order.
 * Types: {@code dev.testpulse.test.muted}, {@code .skipped}, {@code .released}.
 */
public record TestStateEvent(String specversion, String id, String source, String type, String subject, Instant time,
        String datacontenttype, Data data) {

    /**
     * The test and its new state; {@code previous} is the state it left, {@code until} null once released.
     *
     * @param by who made the change: auto, admin, token, or expiry (a state that reached its until)
     */
    public record Data(String project, String suite, @JsonProperty("class") String className, String name, String state,
            String previous, String reason, String by, Instant since, Instant until, String evidence, Map<String, String> links) {
    }
}
