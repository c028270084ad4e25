package dev.testpulse.analysis.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.storage.SqlArrays;

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

    /**
     * Binds the keys of {@code runs} as five parallel arrays (project, pipeline, run id, attempt, job) from parameter
     * {@code first} on, for a {@code join unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[])}.
     */
    public static void bindKeys(PreparedStatement query, int first, Connection connection, List<RunRef> runs) throws SQLException {
        query.setArray(first, SqlArrays.text(connection, runs, RunRef::project));
        query.setArray(first + 1, SqlArrays.text(connection, runs, RunRef::pipeline));
        query.setArray(first + 2, SqlArrays.text(connection, runs, RunRef::runId));
        query.setArray(first + 3, SqlArrays.bigint(connection, runs, RunRef::attempt));
        query.setArray(first + 4, SqlArrays.text(connection, runs, RunRef::job));
    }
}
