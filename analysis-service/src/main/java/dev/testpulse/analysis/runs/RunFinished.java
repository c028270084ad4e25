package dev.testpulse.analysis.runs;

/**
 * A record of {@code testpulse.runs} ({@code testpulse.run/v1}): a reporter's word that a run, or the job of it it ran
 * in ({@code job} null when the run named none), is over; or, with {@code part}, that one part of it (a test JVM's
 * launcher session) started ({@code started} true) or finished with {@code outcomes} (null when not said).
 */
public record RunFinished(String project, String pipeline, String runId, int attempt, String job, String part, boolean started,
        Long outcomes) {

    /** The whole run (its job) finished: the notice of a reporter or upload that names no part. */
    public RunFinished(String project, String pipeline, String runId, int attempt, String job) {
        this(project, pipeline, runId, attempt, job, null, false, null);
    }
}
