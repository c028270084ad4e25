package dev.testpulse.ingest.ctrf;

import dev.testpulse.ingest.report.ReportedTest;

/** A test read from a CTRF report, keeping the CTRF status that {@link ReportedTest#status()} folds away. */
record CtrfTest(CtrfStatus ctrfStatus, ReportedTest test) {
}
