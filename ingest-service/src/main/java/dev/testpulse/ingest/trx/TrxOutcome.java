package dev.testpulse.ingest.trx;

import dev.testpulse.ingest.outcome.Status;

/**
 * The outcomes VSTest writes in a TRX {@code outcome} attribute (the {@code TestOutcome} type of its schema), each
 * folded into our four statuses. Anything else is not a TRX outcome and rejects the report.
 */
enum TrxOutcome {
    PASSED(Status.PASSED),
    /** Passed, but the run was aborted after it: the test itself passed. */
    PASSED_BUT_RUN_ABORTED(Status.PASSED),
    /** Passed with a warning. */
    WARNING(Status.PASSED),
    FAILED(Status.FAILED),
    ERROR(Status.ERROR),
    /** Did not finish in time: it did not fail an assertion, it could not complete. */
    TIMEOUT(Status.ERROR),
    ABORTED(Status.ERROR),
    /** The test host went away while the test ran. */
    DISCONNECTED(Status.ERROR),
    /** The test cannot be run as written (e.g. a bad signature): nothing about the code under test was learned. */
    NOT_RUNNABLE(Status.ERROR),
    /** Started and never finished (seen when a run is cut short). */
    IN_PROGRESS(Status.ERROR),
    PENDING(Status.ERROR),
    /** Ignored, or not run because the run stopped first. */
    NOT_EXECUTED(Status.SKIPPED),
    /** Assert.Inconclusive and NUnit's Inconclusive: the test chose not to decide, like a skip. */
    INCONCLUSIVE(Status.SKIPPED),
    /** Ran, with no pass/fail verdict: it cannot enter a success rate. */
    COMPLETED(Status.SKIPPED);

    private final Status status;

    TrxOutcome(Status status) {
        this.status = status;
    }

    Status status() {
        return status;
    }

    /** The outcome spelled as VSTest writes it ("NotExecuted", "PassedButRunAborted"), or null. */
    static TrxOutcome parse(String value) {
        if (value == null) {
            return null;
        }
        String wanted = value.strip();
        for (TrxOutcome outcome : values()) {
            if (outcome.name().replace("_", "").equalsIgnoreCase(wanted)) {
                return outcome;
            }
        }
        return null;
    }
}
