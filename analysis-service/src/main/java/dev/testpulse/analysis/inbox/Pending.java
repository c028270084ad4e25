package dev.testpulse.analysis.inbox;

import java.util.List;

import dev.testpulse.analysis.outcome.Outcome;

/**
 * What one project's pending inbox rows say together, in the order they were written: the outcomes counted (traces
 * left out). {@code rows} is how many batches' rows were coalesced.
 */
public record Pending(String project, int rows, List<Outcome> outcomes) {
}
