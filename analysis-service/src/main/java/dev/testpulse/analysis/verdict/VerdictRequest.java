package dev.testpulse.analysis.verdict;

/**
 * What a verdict is asked for: {@code pipeline} null when the run id alone finds the run, {@code attempt} null for
 * the latest, {@code job} null for all jobs together.
 */
public record VerdictRequest(String project, String pipeline, String runId, Integer attempt, String job, FailOn failOn) {
}
