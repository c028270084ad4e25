package dev.testpulse.analysis.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of "the last N runs" as SQL: a common table expression {@code recent(pipeline, run_id,
 * attempt, ...)} over {@code run_counts}, newest first by when each run first touched the scope. Every query of a
 * "last N runs" window, rate or insight, joins it, so all of them agree on which runs those are; a query of raw
 * outcomes also adds {@link #rawSince(String)}.
 *
 * @param scope the condition on {@code run_counts} rows (unqualified columns) that {@code parameters} bind, without which
 *            rows the recent runs are chosen from
 */
public record RecentRuns(String cte, List<Object> parameters, String scope) {

    /**
     * @param suite, pipeline, branch filters left out when null
     */
    public static RecentRuns of(String project, String suite, String pipeline, String branch, int runs) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(project);
        StringBuilder where = new StringBuilder("project = ? and test_key = ''");
        for (String[] filter : new String[][] {{"suite", suite}, {"pipeline", pipeline}, {"branch", branch}}) {
            if (filter[1] != null) {
                where.append(" and ").append(filter[0]).append(" = ?");
                parameters.add(filter[1]);
            }
        }
        String cte = """
                recent as (
                    select pipeline, run_id, attempt, min(first_observed) as run_first_observed,
                           bool_or(first_observed is null) as run_unbounded
                    from run_counts where %s
                    group by pipeline, run_id, attempt order by min(started_at) desc, run_id desc limit %d)
                """.formatted(where, runs);
        return new RecentRuns(cte, List.copyOf(parameters), where.toString());
    }

    /**
     * A condition on raw outcome rows ({@code alias.observed_at}) that every outcome of the recent runs meets: none
     * was observed before its run's first outcome. Without it a join with the recent runs reads the project's whole
     * retained history of the rows it asks about; with it PostgreSQL skips older daily partitions and index ranges.
     * A run counted before the bound was kept (schema V13) makes the window unbounded, as before.
     */
    public static String rawSince(String alias) {
        return alias + ".observed_at >= " + firstObserved();
    }

    /** The earliest time any outcome of the recent runs was observed at, as SQL over {@code recent}. */
    public static String firstObserved() {
        return "(select case when bool_or(run_unbounded) then '-infinity'::timestamptz else min(run_first_observed) end from recent)";
    }

    /**
     * A query (parameters: {@link #parameters()}, the earliest time to accept, {@link #parameters()} again) with one
     * row, the recent runs' earliest first-observed time T, when the outcomes in the scope observed at or after T are
     * exactly those of the recent runs: every outcome of a recent run is observed at or after T, and then no run
     * outside them has one there (its latest observed time, kept since V26, is before T). No row otherwise: a run
     * counted before its bound was kept (unbounded window, unknown latest time), runs that overlap, a run outside the
     * window still adding outcomes at or after T, or T before the earliest time to accept.
     */
    public String exactSince() {
        return "with " + cte + """
                , bound as (select case when bool_or(run_unbounded) then null else min(run_first_observed) end as since
                            from recent)
                select b.since from bound b
                where b.since >= ?::timestamptz
                  and not exists (select 1 from run_counts r where %s
                                    and (r.last_observed is null or r.last_observed >= b.since)
                                    and not exists (select 1 from recent x where x.pipeline = r.pipeline
                                                      and x.run_id = r.run_id and x.attempt = r.attempt))"""
                .formatted(scope);
    }
}
