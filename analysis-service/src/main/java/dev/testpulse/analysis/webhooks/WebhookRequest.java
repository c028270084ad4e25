package dev.testpulse.analysis.webhooks;

import java.util.List;

/**
 * A new webhook target of a project: where to POST ({@code url}, http or https) and, optionally, only the events of
 * one alert topic or of some rules (all of the project's events otherwise).
 */
public record WebhookRequest(String url, String topic, List<String> ruleIds) {
}
