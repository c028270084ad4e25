package dev.testpulse.analysis.webhooks;

import java.time.Instant;

/** One event's delivery to one target: its attempts, the last answer, and when it arrived (null: not yet). */
public record DeliveryView(String eventId, String type, String fingerprint, Instant eventTime, int attempts,
        Instant lastAttemptAt, Integer lastStatus, String lastError, Instant deliveredAt, Instant setAsideAt) {
}
