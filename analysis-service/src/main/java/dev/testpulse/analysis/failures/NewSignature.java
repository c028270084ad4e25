package dev.testpulse.analysis.failures;

/** A failure signature a project saw for the first time in this batch. */
public record NewSignature(String project, String signature, String suite, String type, String message) {
}
