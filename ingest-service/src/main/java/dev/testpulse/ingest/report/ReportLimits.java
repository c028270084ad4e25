package dev.testpulse.ingest.report;

/**
 * Size and shape limits the parsers enforce so that one report cannot exhaust memory
 * or flood downstream consumers.
 *
 * @param maxTraceBytes   failure traces are cut to this many UTF-8 bytes
 * @param maxMessageBytes failure messages are cut to this many UTF-8 bytes
 * @param maxDepth        deepest element/object nesting accepted before the report is rejected
 */
public record ReportLimits(int maxTraceBytes, int maxMessageBytes, int maxDepth) {

    public static final ReportLimits DEFAULT = new ReportLimits(8 * 1024, 4 * 1024, 64);

    public ReportLimits {
        if (maxTraceBytes < 0 || maxMessageBytes < 0 || maxDepth < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The default limits with a different trace size, the one limit deployments tend to tune. */
    public static ReportLimits withMaxTraceBytes(int maxTraceBytes) {
        return new ReportLimits(maxTraceBytes, DEFAULT.maxMessageBytes, DEFAULT.maxDepth);
    }
}
