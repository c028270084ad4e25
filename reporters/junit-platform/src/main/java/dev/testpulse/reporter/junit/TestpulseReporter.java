package dev.testpulse.reporter.junit;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Streams each finished test to testpulse ingest while the run goes on. Registered through
 * {@code META-INF/services}, so the test-scope dependency plus {@code TESTPULSE_URL}, {@code TESTPULSE_TOKEN} and
 * {@code TESTPULSE_PROJECT} are the whole setup; without URL and token it does nothing at all.
 *
 * <p>It never slows or fails the run: callbacks only queue (dropping when the buffer is full), a daemon thread sends,
 * and the end of the run waits for it at most {@code testpulse.flush.seconds}. It reports through
 * java.util.logging (logger {@value #LOGGER}), one line per test plan, so a build's logging setup can route or
 * silence it like any other library's.
 */
public final class TestpulseReporter implements TestExecutionListener {

    public static final String LOGGER = "dev.testpulse.reporter";
    private static final Logger LOG = Logger.getLogger(LOGGER);
    private static volatile RunSummary lastRun;

    private final ReporterConfig config;
    private final Tally tally = new Tally();
    private final Map<String, Long> startedNanos = new ConcurrentHashMap<>();
    // a rerun in the same JVM (a rerun extension, Surefire's rerunFailingTestsCount) is the next retry of that test
    private final Map<String, Integer> executions = new ConcurrentHashMap<>();
    private volatile TestPlan plan;
    private volatile OutcomeSender sender;

    /** The ServiceLoader's way in: configured from system properties and the environment. */
    public TestpulseReporter() {
        this(ReporterConfig.resolve(System::getProperty, System.getenv()));
    }

    public TestpulseReporter(ReporterConfig config) {
        this(Optional.of(config));
    }

    private TestpulseReporter(Optional<ReporterConfig> config) {
        this.config = config.orElse(null);
    }

    /**
     * The counters of the reporter whose test plan finished last in this JVM (counted over all its test plans), empty
     * before any did or when the reporter is not configured.
     */
    public static Optional<RunSummary> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    /** This reporter's counters so far. */
    public RunSummary summary() {
        return tally.summary();
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (config != null) {
            plan = testPlan;
            sender = OutcomeSender.start(config, tally);
        }
    }

    @Override
    public void executionStarted(TestIdentifier identifier) {
        if (config != null) {
            startedNanos.put(identifier.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        if (config == null) {
            return;
        }
        Failure why = reason == null || reason.isBlank() ? null : Failure.reason(reason);
        if (identifier.isTest()) {
            queue(identifier, Status.SKIPPED, 0, why);
        } else {
            // a disabled class: the launcher reports no test below it, yet each is a skipped test of the run
            plan.getDescendants(identifier).stream().filter(TestIdentifier::isTest)
                    .forEach(test -> queue(test, Status.SKIPPED, 0, why));
        }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (config == null) {
            return;
        }
        Long started = startedNanos.remove(identifier.getUniqueId());
        long durationMs = started == null ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Failure failure = result.getThrowable().map(thrown -> result.getStatus() == TestExecutionResult.Status.ABORTED
                ? Failure.withoutTrace(thrown) : Failure.of(thrown)).orElse(null);
        if (identifier.isTest()) {
            queue(identifier, Status.of(result), durationMs, failure);
        } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            // a failing @BeforeAll and the like: the tests below may never have run, so the container itself counts
            queue(identifier, Status.ERROR, durationMs, failure);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (config == null) {
            return;
        }
        sender.finish();
        RunSummary summary = tally.summary();
        lastRun = summary;
        report(summary);
    }

    private void queue(TestIdentifier identifier, Status status, long durationMs, Failure failure) {
        try {
            TestName name = TestName.of(identifier, plan);
            int retry = executions.merge(name.className + "\0" + name.name, 1, Integer::sum) - 1;
            Outcome outcome = new Outcome(config.project(), config.run(), name,
                    identifier.getTags().stream().map(TestTag::getName).sorted().collect(Collectors.toList()),
                    status, durationMs, retry, Instant.now(), failure);
            sender.offer(outcome.json());
        } catch (RuntimeException e) {
            // the launcher would print a listener's exception with its stack trace; a lost outcome is counted instead
            tally.dropped(1);
            tally.deliveryProblem("reporter error: " + e);
        }
    }

    private void report(RunSummary summary) {
        RunContext run = config.run();
        StringBuilder line = new StringBuilder("testpulse: ").append(summary.sent()).append(summary.sent() == 1 ? " outcome" : " outcomes").append(" sent to ")
                .append(config.url()).append(", ").append(summary.dropped()).append(" dropped");
        if (summary.rejected() > 0) {
            line.append(", ").append(summary.rejected()).append(" rejected");
        }
        if (summary.problem() != null) {
            line.append(" (").append(summary.problem()).append(')');
        }
        boolean incomplete = summary.dropped() > 0 || summary.rejected() > 0;
        if (incomplete) {
            line.append(" — results in testpulse are incomplete");
        }
        line.append("; run ").append(run);
        if (run.generatedId()) {
            line.append(" (no CI run id found: generated for this JVM; set TESTPULSE_RUN to share one)");
        }
        if (tally.noticeProblem() != null) {
            line.append("; ").append(tally.noticeProblem());
        }
        LOG.log(incomplete || tally.noticeProblem() != null ? Level.WARNING : Level.INFO, line.toString());
    }
}
