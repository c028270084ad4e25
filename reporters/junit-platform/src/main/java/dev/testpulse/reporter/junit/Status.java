package dev.testpulse.reporter.junit;

import org.junit.platform.engine.TestExecutionResult;

/** testpulse's four outcome statuses. */
enum Status {
    PASSED, FAILED, ERROR, SKIPPED;

    String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
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
