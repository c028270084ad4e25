package dev.testpulse.analysis.insights;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.testpulse.analysis.windows.Buckets;
import dev.testpulse.analysis.windows.RecentRuns;
import dev.testpulse.analysis.windows.Window;

/**
 * The raw outcomes ({@code outcome o}) a window covers, as SQL, for the insights: a sliding window starts at the
 * same bucket boundary the rate queries use, and "last N runs" joins the same runs, so every insight adds up to the
 * rates shown next to it.
 */
public record RawScope(String with, String from, String where, List<Object> parameters) {

    public static RawScope of(String project, String suite, String branch, Window window, Instant now) {
        List<Object> parameters = new ArrayList<>();
        String with = "";
        String from = "outcome o";
        if (window instanceof Window.LastRuns runs) {
            RecentRuns recent = RecentRuns.of(project, suite, null, branch, runs.runs());
            with = "with " + recent.cte();
            parameters.addAll(recent.parameters());
            from = "outcome o join recent using (pipeline, run_id, attempt)";
        }
        StringBuilder where = new StringBuilder("o.project = ?");
        parameters.add(project);
        if (window instanceof Window.LastRuns) {
            where.append(" and ").append(RecentRuns.rawSince("o"));
        }
        if (suite != null) {
            where.append(" and o.suite = ?");
            parameters.add(suite);
        }
        if (branch != null) {
            where.append(" and o.branch = ?");
            parameters.add(branch);
        }
        if (window instanceof Window.Sliding sliding) {
            where.append(" and o.observed_at >= ?::timestamptz");
            parameters.add(since(sliding, now).toString());
        }
        return new RawScope(with, from, where.toString(), parameters);
    }

    /** Where a sliding window starts: the bucket boundary the rate queries start at too. */
    static Instant since(Window.Sliding window, Instant now) {
        return Buckets.forWindow(window.length()).firstBucket(now, window.length());
    }

    /** The SQL test key of a raw row, as the aggregate tables spell it. */
    static final String TEST_KEY = "coalesce(o.class_name, '') || '#' || o.test_name";
}
