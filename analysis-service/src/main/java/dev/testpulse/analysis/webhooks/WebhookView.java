package dev.testpulse.analysis.webhooks;

import java.time.Instant;
import java.util.List;

/** A webhook target as the API shows it (never its secret), with its delivery state. */
public record WebhookView(String id, String project, String url, String topic, List<String> ruleIds, Instant createdAt,
        DeliveryState delivery) {

    /**
     * How delivery to the target goes: {@code failing} after several failures in a row, when it is tried next, its
     * last success and failure, and how many events wait for it.
     */
    public record DeliveryState(boolean failing, int consecutiveFailures, Instant nextAttemptAt, Instant lastSuccessAt,
            LastFailure lastFailure, long pending) {
    }

    /** The last failed attempt: the HTTP status when the target answered, else null, and what went wrong. */
    public record LastFailure(Instant at, Integer status, String error) {
    }
}
