package dev.testpulse.ingest.api;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import dev.testpulse.ingest.outcome.Utf8;
import dev.testpulse.shared.problem.Problem.Violation;

/**
 * Collects the violations of one outcome under its JSON pointer. Lengths are UTF-8 bytes, not chars: what limits
 * them is the size of analysis-service's index rows, and a char can take up to four bytes there.
 */
record FieldChecks(String at, List<Violation> violations) {

    static final int MAX_TAGS = 50;
    static final int MAX_TAG_BYTES = 100;

    void fail(String field, String detail) {
        violations.add(new Violation(at + field, detail));
    }

    /** A repaired name that must be there: null and blank (also blank after repair) are missing. */
    void required(String field, String value, int maxBytes) {
        if (value == null || value.isBlank()) {
            fail(field, "is required");
        } else {
            optional(field, value, maxBytes);
        }
    }

    void optional(String field, String value, int maxBytes) {
        int bytes = Utf8.length(value);
        if (bytes > maxBytes) {
            fail(field, "must be at most " + maxBytes + " bytes of UTF-8, was " + bytes);
        }
    }

    void matches(String field, String value, Pattern pattern, String expected) {
        if (value == null || value.isBlank()) {
            fail(field, "is required");
        } else if (!pattern.matcher(value).matches()) {
            fail(field, "must be " + expected + ", was '" + value + "'");
        }
    }

    void atLeast(String field, Number value, long min) {
        if (value != null && value.longValue() < min) {
            fail(field, "must be at least " + min + ", was " + value);
        }
    }

    /** An event time must lie in {@code window}; null is fine (observed_at then defaults to the time received). */
    void within(String field, Instant value, EventTimeWindow window) {
        String problem = value == null ? null : window.problemWith(value);
        if (problem != null) {
            fail(field, problem);
        }
    }

    void tags(String field, List<String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS) {
            fail(field, "must hold at most " + MAX_TAGS + " tags, held " + tags.size());
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || tag.isBlank()) {
                fail(field + "/" + i, "must be a non-empty tag");
            } else {
                optional(field + "/" + i, tag, MAX_TAG_BYTES);
            }
        }
    }
}
