package dev.testpulse.analysis.quarantine;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A project's tests that are not enabled, and the version of the list its ETag is made of. */
public record QuarantineList(String project, List<QuarantinedTest> tests, @JsonIgnore long version) {

    /** A strong ETag: the project's list version, bumped by every change. */
    public static String etag(long version) {
        return "\"q" + version + "\"";
    }
}
