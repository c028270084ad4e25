package dev.testpulse.analysis.alerts.delivery;

import java.time.Instant;
import java.util.Map;

/**
 * An alert event as CloudEvents 1.0 in structured JSON mode (docs/schemas/alert-event-v1.schema.json): what goes on
 * {@code testpulse.alerts}, keyed by {@code subject} (the series fingerprint).
 */
public record CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
        String datacontenttype, Data data) {

    public static final String SOURCE = "/testpulse/analysis-service";
    public static final String FIRED = "dev.testpulse.alert.fired";
    public static final String RESOLVED = "dev.testpulse.alert.resolved";
    public static final String MEDIA_TYPE = "application/cloudevents+json";

    /** The alert itself. */
    public record Data(String fingerprint, String status, Rule rule, String project, Map<String, String> labels,
            Instant startsAt, Instant endsAt, Double value, Interval interval, Counts counts, Double threshold,
            String window, String summary, Map<String, String> links) {
    }

    /** The rule that fired. */
    public record Rule(String id, String name, String kind, String severity) {
    }

    /** The 95% Wilson interval of the value, when it is a rate. */
    public record Interval(Double lower, Double upper) {
    }

    /** The counts behind a rate. */
    public record Counts(Long passed, Long executed) {
    }
}
