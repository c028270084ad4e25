package dev.testpulse.analysis.verdict;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a failure of a run is, in the order of precedence when several apply: a test that ran muted is quarantined
 * whatever else is true of it; a run that collapsed is infra before any single test's history is asked about.
 */
public enum VerdictClass {
    QUARANTINED, INFRA, KNOWN_FLAKY, FAILING_ON_DEFAULT_BRANCH, NEW;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VerdictClass> of(String wire) {
        for (VerdictClass value : values()) {
            if (value.wire().equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The order failures are listed in: new first, then what needs a look before what is explained. */
    public int listOrder() {
        return switch (this) {
            case NEW -> 0;
            case FAILING_ON_DEFAULT_BRANCH -> 1;
            case KNOWN_FLAKY -> 2;
            case INFRA -> 3;
            case QUARANTINED -> 4;
        };
    }
}
