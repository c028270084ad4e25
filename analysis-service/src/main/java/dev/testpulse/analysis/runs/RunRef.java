package dev.testpulse.analysis.runs;

import java.util.Comparator;

import dev.testpulse.analysis.outcome.Outcome;

/** One run, or one job of it ({@code job} "" when the run named none): the key of a row of {@code runs}. */
public record RunRef(String project, String pipeline, String runId, int attempt, String job) implements Comparable<RunRef> {

    private static final Comparator<RunRef> ORDER = Comparator.comparing(RunRef::project).thenComparing(RunRef::pipeline)
            .thenComparing(RunRef::runId).thenComparingInt(RunRef::attempt).thenComparing(RunRef::job);

    public static RunRef of(Outcome outcome) {
        return new RunRef(outcome.project(), outcome.pipeline(), outcome.run().id(), outcome.run().attempt(),
                outcome.run().job() == null ? "" : outcome.run().job());
    }

    @Override
    public int compareTo(RunRef other) {
        return ORDER.compare(this, other);
    }
}
