package dev.testpulse.ingest.outcome;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a test execution ended as. Skipped tests are counted but never enter a success rate. */
public enum Status {
    PASSED,
    /** An assertion did not hold. */
    FAILED,
    /** The test could not run to completion: unexpected exception, crash, setup failure. */
    ERROR,
    SKIPPED;

    public static final String ALLOWED = "passed, failed, error, skipped";

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Lenient on case, strict on the word: "FAILED" is fine, "ok" is not. */
    public static Optional<Status> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(status -> status.wire().equals(wanted)).findFirst();
    }
}
