package dev.testpulse.ingest.ctrf;

import dev.testpulse.ingest.report.TestStatus;
import java.util.Locale;

/**
 * The five statuses CTRF defines, kept apart from {@link TestStatus} so the summary check can compare
 * pending and other with what the report declares before they are folded into our vocabulary.
 */
enum CtrfStatus {
    PASSED(TestStatus.PASSED),
    FAILED(TestStatus.FAILED),
    SKIPPED(TestStatus.SKIPPED),
    /** Not run yet by design (todo, pending): for success rates it is the same as skipped. */
    PENDING(TestStatus.SKIPPED),
    /** Anything the tool could not classify (crash, timeout, interrupted): it did not pass nor cleanly fail. */
    OTHER(TestStatus.ERROR);

    private final TestStatus testStatus;

    CtrfStatus(TestStatus testStatus) {
        this.testStatus = testStatus;
    }

    TestStatus testStatus() {
        return testStatus;
    }

    /** The summary field counting this status, which is also its spelling in the report. */
    String field() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status spelled {@code value} (case-insensitive), or null for a value CTRF does not define. */
    static CtrfStatus parse(String value) {
        for (CtrfStatus status : values()) {
            if (status.field().equalsIgnoreCase(value)) {
                return status;
            }
        }
        return null;
    }
}
