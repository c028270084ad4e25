package dev.testpulse.analysis.alerts.state;

import java.time.Instant;
import java.util.Map;

/** A series that is firing now. */
public record FiringAlert(String fingerprint, String ruleId, String ruleName, String kind, String severity, String project,
        Map<String, String> labels, Instant startsAt, Double value) {
}
