package dev.testpulse.reporter.junit;

import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Applies the quarantine inside Jupiter, where the JUnit Platform alone cannot: a muted test runs, and its failure is
 * kept from the launcher (so the build stays green) and handed to the reporter, which reports it as a muted failure;
 * a skipped test that only exists while running (a parameterized invocation, a dynamic test) is disabled with the
 * quarantine's reason. Jupiter loads extensions from {@code META-INF/services} only with
 * {@code junit.jupiter.extensions.autodetection.enabled=true}: that one line is the whole setup (docs/ci.md). Loaded
 * but with no quarantine (testpulse not configured or unreachable) it changes nothing.
 */
public final class QuarantineExtension implements ExecutionCondition, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<QuarantineList.Entry> entry = Quarantine.entryOf(context.getUniqueId());
        if (entry.isEmpty()) {
            return ConditionEvaluationResult.enabled(null);
        }
        if (entry.get().state == QuarantineList.State.SKIPPED) {
            return ConditionEvaluationResult.disabled(entry.get().why());
        }
        Quarantine.ranMuted(context.getUniqueId());
        return ConditionEvaluationResult.enabled("muted, " + entry.get().why());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        keepFromLauncher(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        keepFromLauncher(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        keepFromLauncher(context, throwable);
    }

    /** A muted test's failure goes to the reporter instead; an assumption that failed still aborts the test. */
    private static void keepFromLauncher(ExtensionContext context, Throwable throwable) throws Throwable {
        if (throwable instanceof TestAbortedException || !Quarantine.isRunningMuted(context.getUniqueId())) {
            throw throwable;
        }
        Quarantine.swallowed(context.getUniqueId(), throwable);
    }
}
