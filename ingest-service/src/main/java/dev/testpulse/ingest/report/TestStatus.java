package dev.testpulse.ingest.report;

/**
 * Outcome of one execution of a test, normalised across report formats.
 */
public enum TestStatus {
    PASSED,
    /** An assertion did not hold. */
    FAILED,
    /** The test could not run to completion: unexpected exception, crash, setup failure. */
    ERROR,
    SKIPPED
}
