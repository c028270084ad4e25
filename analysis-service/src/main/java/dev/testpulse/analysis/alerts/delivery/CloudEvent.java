package dev.testpulse.analysis.alerts.delivery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.SeriesSignal;

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

    /**
     * A rule's series fired or resolved: the event with its links, the series' numbers and {@code labels} (the series'
     * own, with the owning teams added).
     */
    static CloudEvent of(AlertRule rule, String fingerprint, SeriesSignal series, Map<String, String> labels, boolean fired,
            Instant startsAt, Instant now) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("summary", "/api/v1/projects/" + rule.project() + "/summary?window=" + rule.window());
        links.put("alerts", "/api/v1/alerts?project=" + rule.project());
        links.put("rule", "/api/v1/rules/" + rule.id());
        return new CloudEvent("1.0", UUID.randomUUID().toString(), SOURCE, fired ? FIRED : RESOLVED, fingerprint, now,
                "application/json", new Data(fingerprint, fired ? "firing" : "resolved",
                        new Rule(rule.id(), rule.name(), rule.kind().wire(), rule.severity()), rule.project(), labels,
                        startsAt, fired ? null : now, series.value(),
                        series.lower() == null ? null : new Interval(series.lower(), series.upper()),
                        series.executed() == null ? null : new Counts(series.passed(), series.executed()),
                        series.threshold(), rule.window(), series.summary(), links));
    }

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
