package dev.testpulse.analysis.quarantine;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A project's tests that are not enabled, and the version of the list its ETag is made of. */
public record QuarantineList(String project, List<QuarantinedTest> tests, @JsonIgnore long version) {

    /** A strong ETag: the project's list version, bumped by every change. */
    public static String etag(long version) {
        return "\"q" + version + "\"";
    }

    /**
     * Whether an {@code If-None-Match} names this version: one of its comma-separated tags (a weak one compares by its
     * value, as RFC 9110 has it for If-None-Match), or {@code *}.
     */
    public static boolean matches(String ifNoneMatch, long version) {
        if (ifNoneMatch == null) {
            return false;
        }
        String etag = etag(version);
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || trimmed.equals(etag) || trimmed.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
