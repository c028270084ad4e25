package dev.testpulse.ingest.ctrf;

import dev.testpulse.ingest.outcome.Status;
import java.util.Locale;

/**
 * The five statuses CTRF defines, kept apart from {@link Status} so the summary check can compare
 * pending and other with what the report declares before they are folded into our vocabulary.
 */
enum CtrfStatus {
    PASSED(Status.PASSED),
    FAILED(Status.FAILED),
    SKIPPED(Status.SKIPPED),
    /** Not run yet by design (todo, pending): for success rates it is the same as skipped. */
    PENDING(Status.SKIPPED),
    /** Anything the tool could not classify (crash, timeout, interrupted): it did not pass nor cleanly fail. */
    OTHER(Status.ERROR);

    private final Status testStatus;

    CtrfStatus(Status testStatus) {
        this.testStatus = testStatus;
    }

    Status testStatus() {
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
