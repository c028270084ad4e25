package dev.testpulse.analysis.runs;

/**
 * A record of {@code testpulse.runs} ({@code testpulse.run/v1}, state finished): a reporter's word that a run, or the
 * job of it it ran in ({@code job} null when the run named none), is over.
 */
public record RunFinished(String project, String pipeline, String runId, int attempt, String job) {
}
