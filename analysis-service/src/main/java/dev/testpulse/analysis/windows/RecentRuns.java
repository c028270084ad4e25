package dev.testpulse.analysis.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of "the last N runs" as SQL: a common table expression {@code recent(pipeline, run_id,
 * attempt)} over {@code run_counts}, newest first by when each run first touched the scope. Every query of a
 * "last N runs" window, rate or insight, joins it, so all of them agree on which runs those are.
 */
public record RecentRuns(String cte, List<Object> parameters) {

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
                    select pipeline, run_id, attempt from run_counts where %s
                    group by pipeline, run_id, attempt order by min(started_at) desc, run_id desc limit %d)
                """.formatted(where, runs);
        return new RecentRuns(cte, List.copyOf(parameters));
    }
}
