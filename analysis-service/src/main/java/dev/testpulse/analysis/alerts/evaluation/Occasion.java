package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.testpulse.analysis.failures.NewSignature;
import dev.testpulse.analysis.insights.FlakyTest;
import dev.testpulse.analysis.insights.ProjectSettings;
import dev.testpulse.analysis.outcome.Outcome;

/**
 * One project's evaluation occasion as the signal sources see it: the transaction, what the batch brought (nothing
 * for the clock or a rule on its own), when, and the project's settings. {@code flakyFound} is shared by the project's
 * flaky rules of one occasion (per branch and window), so those asking the same ask PostgreSQL once.
 */
record Occasion(Connection connection, List<Outcome> batch, Set<NewSignature> newSignatures, Instant now,
        ProjectSettings settings, Map<List<Object>, Map<String, FlakyTest>> flakyFound) {

    Occasion(Connection connection, List<Outcome> batch, Set<NewSignature> newSignatures, Instant now, ProjectSettings settings) {
        this(connection, batch, newSignatures, now, settings, new HashMap<>());
    }
}
