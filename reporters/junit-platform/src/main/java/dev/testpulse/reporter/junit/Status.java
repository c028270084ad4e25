package dev.testpulse.reporter.junit;

import org.junit.platform.engine.TestExecutionResult;

/** testpulse's four outcome statuses. */
enum Status {
    PASSED, FAILED, ERROR, SKIPPED;

    String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A test's failure by what was thrown: an assertion is a failure, anything else an error. */
    static Status of(Throwable thrown) {
        return thrown instanceof AssertionError ? FAILED : ERROR;
    }

    static Status of(TestExecutionResult result) {
        switch (result.getStatus()) {
            case SUCCESSFUL:
                return PASSED;
            case ABORTED:
                return SKIPPED;
            default:
                // opentest4j's AssertionFailedError and MultipleFailuresError extend AssertionError: no dependency needed
                return result.getThrowable().filter(AssertionError.class::isInstance).isPresent() ? FAILED : ERROR;
        }
    }
}
