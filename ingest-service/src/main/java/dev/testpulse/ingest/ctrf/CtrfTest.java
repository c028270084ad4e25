package dev.testpulse.ingest.ctrf;

import dev.testpulse.ingest.report.ReportedTest;
import java.util.List;

/**
 * A test read from a CTRF report: its executions in the order they ran (the tries of {@code retryAttempts},
 * then the final result), and the final CTRF status that {@link ReportedTest#status()} folds away.
 */
record CtrfTest(CtrfStatus ctrfStatus, List<ReportedTest> executions) {
}
