package dev.testpulse.analysis.alerts.state;

import java.util.Objects;

/** The outcome of one evaluation: the state to keep until the next one, and the event (if any) to publish. */
public record Transition(SeriesState next, Event event) {

    /** What subscribers are told; FIRED and RESOLVED always alternate for a series, starting with FIRED. */
    public enum Event {
        NONE,
        FIRED,
        RESOLVED
    }

    public Transition {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(event, "event");
    }
}
