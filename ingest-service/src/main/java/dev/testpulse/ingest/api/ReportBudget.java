package dev.testpulse.ingest.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.testpulse.ingest.IngestConfig;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Admission control for upload work: the bytes of uploads being parsed and published at once are bounded, so a burst
 * of large legitimate uploads queues instead of filling the heap (50 concurrent 2.5 MB JUnit reports made a 256 MB
 * ingest exit on OutOfMemoryError, issue #25). An upload that does not fit waits up to
 * {@code testpulse.ingest.report-budget-wait} for earlier ones to finish, then is refused with 503 and Retry-After;
 * nothing of it was published, so the client's retry is the same upload again. One larger than the whole budget is
 * admitted alone, once nothing else is in flight.
 *
 * <p>The budget is counted in KiB on a fair semaphore: waiting uploads are admitted in arrival order, so a large one
 * is not starved by a stream of small ones.
 */
@ApplicationScoped
public class ReportBudget {

    /**
     * The default budget is the maximum heap divided by this: an upload's working set is a few times its size (a
     * 2.5 MB report of 20,000 tests, about 5 MB over both passes), so an eighth leaves most of the heap to the rest
     * (docs/reliability.md, "A burst of large uploads").
     */
    static final int HEAP_SHARE = 8;

    private final long budgetKib;
    private final Duration wait;
    private final int retryAfterSeconds;
    private final Semaphore free;
    private final AtomicLong inFlightBytes = new AtomicLong();

    @Inject
    public ReportBudget(IngestConfig config, MeterRegistry registry) {
        this(config.reportBudget().map(size -> size.asLongValue()).orElse(Runtime.getRuntime().maxMemory() / HEAP_SHARE),
                config.reportBudgetWait(), config.retryAfterSeconds());
        Gauge.builder("testpulse.ingest.report.budget.in.flight", inFlightBytes, AtomicLong::get).baseUnit("bytes")
                .description("Bytes of uploads being parsed and published now").register(registry);
        Gauge.builder("testpulse.ingest.report.budget.limit", () -> budgetKib * 1024).baseUnit("bytes")
                .description("The most bytes of uploads parsed and published at once").register(registry);
    }

    ReportBudget(long budgetBytes, Duration wait, int retryAfterSeconds) {
        if (budgetBytes < 1024) {
            throw new IllegalArgumentException("testpulse.ingest.report-budget must be at least 1K, it is " + budgetBytes);
        }
        this.budgetKib = Math.min(budgetBytes / 1024, Integer.MAX_VALUE);
        this.wait = wait;
        this.retryAfterSeconds = retryAfterSeconds;
        this.free = new Semaphore((int) budgetKib, true);
    }

    /** What an admitted upload holds until it is answered; closing it (once or more) gives its share back. */
    public final class Permit implements AutoCloseable {
        private final int kib;
        private final long bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(int kib, long bytes) {
            this.kib = kib;
            this.bytes = bytes;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                inFlightBytes.addAndGet(-bytes);
                free.release(kib);
            }
        }
    }

    /**
     * Waits until {@code bytes} of upload fit in the budget (at most the configured wait) and takes them.
     *
     * @throws ProblemException 503 with Retry-After when they did not fit in time
     */
    public Permit admit(long bytes) {
        // Every upload costs at least 1 KiB; one above the whole budget takes all of it, so it runs alone.
        long rounded = bytes / 1024 + (bytes % 1024 > 0 ? 1 : 0);
        int kib = (int) Math.max(1, Math.min(budgetKib, rounded));
        boolean admitted;
        try {
            admitted = free.tryAcquire(kib, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw busy(bytes);
        }
        // What is counted is what was charged: a size past the budget counts as the whole budget.
        long charged = kib * 1024L;
        inFlightBytes.addAndGet(charged);
        return new Permit(kib, charged);
    }

    /** Bytes of uploads admitted and not yet answered (each rounded up to KiB, at most the whole budget). */
    long inFlightBytes() {
        return inFlightBytes.get();
    }

    /** Uploads waiting for budget now. */
    int waiting() {
        return free.getQueueLength();
    }

    private ProblemException busy(long bytes) {
        String detail = "ingest is busy: " + megabytes(inFlightBytes.get()) + " MB of uploads in flight, and this one's "
                + megabytes(bytes) + " MB did not fit in the " + megabytes(budgetKib * 1024) + " MB budget within "
                + wait.toSeconds() + " s; nothing was published, send the same upload again after Retry-After seconds";
        return new ProblemException(Problem.of(ProblemType.INGEST_BUSY, detail), Map.of("Retry-After", retryAfterSeconds), null);
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
