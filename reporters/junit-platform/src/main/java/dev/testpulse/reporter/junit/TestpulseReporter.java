package dev.testpulse.reporter.junit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * <p>What a launcher session reports is one {@link Part} of the run: under Surefire and Gradle one per test JVM, whatever
 * number of test plans (one per class with forks) it executes. The part ends when the session closes
 * ({@link TestpulseSessionListener}), or when {@link #close()} is called; it never slows or fails the run: callbacks
 * only queue, a daemon thread sends, and the end waits at most {@code testpulse.flush.seconds}.
 */
public final class TestpulseReporter implements TestExecutionListener, AutoCloseable {

    public static final String LOGGER = "dev.testpulse.reporter";
    private static volatile RunSummary lastRun;

    private final ReporterConfig config;
    private final Map<String, Long> startedNanos = new ConcurrentHashMap<>();
    private volatile TestPlan plan;
    private Part part;

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
     * The counters of the part that ended last in this JVM, empty before any did or when the reporter is not
     * configured.
     */
    public static Optional<RunSummary> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    /** The settings, null when the reporter is off. */
    ReporterConfig config() {
        return config;
    }

    /** The counters of this reporter's current part, or of its last one once that ended. */
    public RunSummary summary() {
        Part current = currentOrLast();
        return current == null ? new Tally().summary() : current.summary();
    }

    /** Ends the current part now, as the close of its launcher session would: for code that drives a Launcher itself. */
    @Override
    public void close() {
        Part ending;
        synchronized (this) {
            ending = part;
        }
        if (ending != null) {
            ending.end();
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (config != null) {
            plan = testPlan;
            // the filter fetched the list at discovery when it is configured like this reporter; otherwise this does,
            // before the part starts talking to ingest, as it would in a build
            Quarantine.list(config);
            Quarantine.planStarted(testPlan);
            Part current = open();
            for (Quarantine.Skip skip : Quarantine.takeSkippedAtDiscovery()) {
                current.offer(skip.test, skip.tags, Status.SKIPPED, 0, Failure.reason(skip.why), false);
            }
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
            queue(identifier, Status.SKIPPED, 0, why, false);
        } else {
            // a disabled class: the launcher reports no test below it, yet each is a skipped test of the run
            plan.getDescendants(identifier).stream().filter(TestIdentifier::isTest)
                    .forEach(test -> queue(test, Status.SKIPPED, 0, why, false));
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
        if (identifier.isTest() && Quarantine.takeRanMuted(identifier.getUniqueId())) {
            // the launcher saw a success: the failure the extension kept from it is what happened
            Optional<Throwable> kept = Quarantine.takeSwallowed(identifier.getUniqueId());
            queue(identifier, kept.map(Status::of).orElse(Status.of(result)), durationMs, kept.map(Failure::of).orElse(failure), true);
        } else if (identifier.isTest()) {
            queue(identifier, Status.of(result), durationMs, failure, false);
        } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            // a failing @BeforeAll and the like: the tests below may never have run, so the container itself counts
            queue(identifier, Status.ERROR, durationMs, failure, false);
        }
    }

    /**
     * Nothing waits here: a test JVM runs many test plans (Surefire: one per class), and the part ends with its
     * session. The summary of what was sent so far is available as {@link #lastRun()} already.
     */
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (config != null) {
            lastRun = summary();
        }
    }

    /** The current part, or a new one when there is none or it ended (its session closed: this is the next part). */
    private synchronized Part open() {
        if (part == null || part.hasEnded()) {
            part = Part.open(config);
            Parts.opened(part);
        }
        return part;
    }

    private synchronized Part currentOrLast() {
        return part;
    }

    private void queue(TestIdentifier identifier, Status status, long durationMs, Failure failure, boolean muted) {
        Part current = open();
        try {
            TestName name = TestName.of(identifier, plan);
            if (!muted && status != Status.SKIPPED && Quarantine.list().of(name).filter(entry -> entry.state == QuarantineList.State.MUTED).isPresent()) {
                Quarantine.ranUnmuted(name);
            }
            current.offer(name, identifier.getTags().stream().map(TestTag::getName).sorted().collect(Collectors.toList()), status,
                    durationMs, failure, muted);
        } catch (RuntimeException e) {
            current.lost(e);
        }
    }

    /** Called by a part when it ended, whoever ended it. */
    static void ended(RunSummary summary) {
        lastRun = summary;
    }
}
