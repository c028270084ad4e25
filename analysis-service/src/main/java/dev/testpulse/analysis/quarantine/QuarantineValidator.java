package dev.testpulse.analysis.quarantine;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.testpulse.analysis.alerts.rules.RuleValidator;

/** Turns a {@link QuarantineRequest} into a {@link Change}, or a 422 problem naming the field. */
public final class QuarantineValidator {

    /** Longer than any real test identity; a longer one is a mistake or an attack, not a test. */
    static final int MAX_NAME = 1_000;
    static final int MAX_REASON = 2_000;

    private QuarantineValidator() {
    }

    public static Change validate(QuarantineRequest request, Instant now, QuarantineConfig config) {
        if (request == null) {
            throw RuleValidator.invalid("body", "must be a JSON object with suite, name, state and reason");
        }
        String suite = text(request.suite(), "suite", MAX_NAME, true);
        String className = text(request.className(), "class", MAX_NAME, false);
        String name = text(request.name(), "name", MAX_NAME, true);
        TestState state = TestState.of(request.state()).orElseThrow(() -> RuleValidator.invalid("state",
                "must be one of enabled, muted, skipped, was " + shown(request.state())));
        String reason = text(request.reason(), "reason", MAX_REASON, true);
        return new Change(new TestKey(suite, className, name), state, reason,
                state == TestState.ENABLED ? null : until(request.until(), now, config));
    }

    private static Instant until(String text, Instant now, QuarantineConfig config) {
        if (text == null) {
            return now.plus(config.defaultPeriod());
        }
        Instant until;
        try {
            until = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw RuleValidator.invalid("until", "must be an ISO-8601 instant such as 2026-12-31T00:00:00Z, was " + shown(text));
        }
        if (!until.isAfter(now)) {
            throw RuleValidator.invalid("until", "must be in the future, was " + until);
        }
        Duration longest = config.longestPeriod();
        if (until.isAfter(now.plus(longest))) {
            throw RuleValidator.invalid("until", "may be at most " + longest.toDays() + " days ahead, was " + until);
        }
        return until;
    }

    private static String text(String value, String field, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw RuleValidator.invalid(field, "is required");
            }
            return null;
        }
        if (value.length() > max) {
            throw RuleValidator.invalid(field, "may be at most " + max + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw RuleValidator.invalid(field, "must not contain control characters");
        }
        return value;
    }

    private static String shown(String value) {
        if (value == null) {
            return "absent";
        }
        String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
