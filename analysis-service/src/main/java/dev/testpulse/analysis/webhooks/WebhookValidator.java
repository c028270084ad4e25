package dev.testpulse.analysis.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import dev.testpulse.analysis.alerts.rules.RuleValidator;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.alerts.rules.RuleValidator;
import dev.testpulse.shared.problem.ProblemException;

/** Checks a {@link WebhookRequest}; anything wrong is a 422 problem naming the field. */
public final class WebhookValidator {

    static final int MAX_URL = 2000;
    static final int MAX_RULES = 50;

    private WebhookValidator() {
    }

    /** @return the request as stored: topic blank is none, rule ids trimmed */
    public static WebhookRequest validate(WebhookRequest in, String topicPrefix) {
        if (in == null) {
            throw RuleValidator.invalid("url", "is required: send {\"url\": \"https://...\"}");
        }
        String url = validUrl(in.url());
        String topic = in.topic() == null || in.topic().isBlank() ? null : in.topic().trim();
        if (topic != null && !RuleValidator.allowedTopic(topic, topicPrefix)) {
            throw RuleValidator.invalid("topic", "must be testpulse.alerts or a topic under " + topicPrefix);
        }
        List<String> ruleIds = in.ruleIds() == null ? null : in.ruleIds().stream().map(id -> id == null ? "" : id.trim()).toList();
        if (ruleIds != null && (ruleIds.isEmpty() || ruleIds.size() > MAX_RULES
                || ruleIds.stream().anyMatch(id -> id.isEmpty() || id.length() > 100))) {
            throw RuleValidator.invalid("rule_ids", "must be 1 to " + MAX_RULES + " rule ids (or left out for all rules)");
        }
        return new WebhookRequest(url, topic, ruleIds);
    }

    private static String validUrl(String text) {
        if (text == null || text.isBlank()) {
            throw RuleValidator.invalid("url", "is required");
        }
        if (text.length() > MAX_URL) {
            throw RuleValidator.invalid("url", "must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw RuleValidator.invalid("url", "is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw RuleValidator.invalid("url", "must be an http or https URL, not '" + (scheme.isEmpty() ? text : scheme + ":") + "'");
        }
        if (uri.getHost() == null) {
            throw RuleValidator.invalid("url", "must name a host");
        }
        if (uri.getUserInfo() != null) {
            throw RuleValidator.invalid("url", "must not carry credentials; the signature header authenticates deliveries");
        }
        return uri.toString();
    }

    static ProblemException tooMany(int max) {
        return RuleValidator.invalid("url", "cannot be added: a project has at most " + max + " webhook targets");
    }
}
