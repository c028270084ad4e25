package dev.testpulse.analysis.quarantine;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code PUT /api/v1/projects/{p}/quarantine}: set one test's state; {@code enabled} releases it. {@code until} is an
 * ISO-8601 instant, at most 90 days ahead (14 days when absent), ignored for {@code enabled}.
 */
public record QuarantineRequest(String suite, @JsonProperty("class") String className, String name, String state, String reason,
        String until) {
}
