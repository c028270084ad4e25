package dev.testpulse.analysis.quarantine;

import java.util.Arrays;
import java.util.Optional;

/** What the build does with a test: run it ({@code enabled}, the default), run it but ignore its failure, or not run it. */
public enum TestState {
    ENABLED("enabled", "dev.testpulse.test.released"),
    MUTED("muted", "dev.testpulse.test.muted"),
    SKIPPED("skipped", "dev.testpulse.test.skipped");

    private final String wire;
    private final String eventType;

    TestState(String wire, String eventType) {
        this.wire = wire;
        this.eventType = eventType;
    }

    public String wire() {
        return wire;
    }

    /** The CloudEvent type of a change into this state. */
    public String eventType() {
        return eventType;
    }

    public static Optional<TestState> of(String wire) {
        return Arrays.stream(values()).filter(state -> state.wire.equals(wire)).findFirst();
    }
}
