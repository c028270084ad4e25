package dev.testpulse.analysis.webhooks;

import java.time.Instant;
import java.util.List;

/** The answer to creating a target: the only time its {@code secret} is shown (it signs every delivery). */
public record CreatedWebhook(String id, String project, String url, String topic, List<String> ruleIds, Instant createdAt,
        String secret, String signatureHeader) {
}
