package dev.testpulse.ingest.report;

import dev.testpulse.ingest.outcome.Status;

import java.util.List;

/**
 * What a parser delivered for one report: how many executions per status went to the sink,
 * and what looked inconsistent without being fatal.
 *
 * @param passed   executions with {@link Status#PASSED}
 * @param failed   executions with {@link Status#FAILED}
 * @param errors   executions with {@link Status#ERROR}
 * @param skipped  executions with {@link Status#SKIPPED}
 * @param flaky    executions flagged flaky, whatever their status
 * @param warnings human-readable notes about the report, e.g. declared counts that do not match
 */
public record ParseSummary(int passed, int failed, int errors, int skipped, int flaky, List<String> warnings) {

    public ParseSummary {
        warnings = List.copyOf(warnings);
    }

    /** Every execution delivered to the sink; retries count once each. */
    public int tests() {
        return passed + failed + errors + skipped;
    }

    public int count(Status status) {
        return switch (status) {
            case PASSED -> passed;
            case FAILED -> failed;
            case ERROR -> errors;
            case SKIPPED -> skipped;
        };
    }
}
