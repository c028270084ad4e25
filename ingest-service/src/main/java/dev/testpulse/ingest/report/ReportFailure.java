package dev.testpulse.ingest.report;

import dev.testpulse.ingest.outcome.Utf8;

/**
 * Why an execution failed or errored, as the test tool described it.
 * Every component is nullable: many tools give only some of them.
 *
 * @param type    exception class or tool-specific failure kind
 * @param message short human-readable reason
 * @param trace   stack trace or tool output explaining the failure
 */
public record ReportFailure(String type, String message, String trace) {

    /**
     * Builds a failure with blank parts dropped and message and trace cut to the limits,
     * so one huge assertion diff cannot bloat every downstream message.
     */
    public static ReportFailure of(String type, String message, String trace, ReportLimits limits) {
        return new ReportFailure(
                blankToNull(type),
                Utf8.truncate(blankToNull(message), limits.maxMessageBytes()),
                Utf8.truncate(blankToNull(trace), limits.maxTraceBytes()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
