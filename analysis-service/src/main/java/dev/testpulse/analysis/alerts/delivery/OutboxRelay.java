package dev.testpulse.analysis.alerts.delivery;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.schema.SchemaMigration;
import dev.testpulse.analysis.workers.Heartbeats;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes the outbox to Kafka: unsent events, each to its rule's topic keyed by fingerprint, acks=all; only then
 * marks them sent. A crash in between publishes them again with the same event id: at least once, never lost, never
 * invented (subscribers tell a repeat by its id). Rows are claimed with SKIP LOCKED, so instances share the work, and
 * an event is claimed only once every earlier unsent event of its series is published or set aside, so a series'
 * events reach the topic in the order of its transitions whichever instance publishes them.
 *
 * <p>Fast: a transaction that wrote events {@link #wake}s the relay as soon as it commits; polling
 * ({@code testpulse.analysis.outbox-poll}) only catches what other instances wrote. Each event succeeds or fails
 * alone: one that cannot be published is retried with backoff and finally set aside ({@code failed_at}), and events
 * for a topic that is not an alert topic are set aside at once. A pass that hangs (a broker that never answers) is
 * abandoned after {@link #STUCK}: its thread is interrupted, a new one takes over, and readiness shows the restart.
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String CHANNEL = "alerts";
    static final String WORKER = "alert outbox relay";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final Duration STUCK = Duration.ofSeconds(90);

    private final OutboxPublisher publisher;
    private final MeterRegistry registry;
    private final AnalysisConfig config;
    private final Heartbeats heartbeats;
    private final SchemaMigration schema;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile Instant passStarted;
    private ExecutorService executor = newExecutor();

    public OutboxRelay(OutboxPublisher publisher, MeterRegistry registry, AnalysisConfig config, Heartbeats heartbeats,
            SchemaMigration schema) {
        this.publisher = publisher;
        this.registry = registry;
        this.config = config;
        this.heartbeats = heartbeats;
        this.schema = schema;
        heartbeats.register(WORKER, STUCK.plusSeconds(30));
    }

    /** A transaction wrote events and committed: publish them now rather than on the next poll. */
    public void wake() {
        if (config.outboxWake()) {
            runPass();
        }
    }

    private void runPass() {
        if (started && !stopping && queued.compareAndSet(false, true)) {
            synchronized (this) {
                executor.execute(this::pass);
            }
        }
    }

    // Only while the application runs: before start-up has finished, Reactive Messaging has not yet connected the
    // emitter's channel (creating this bean then fails with SRMSG00019), and after shutdown began it is gone again.
    @Scheduled(every = "${testpulse.analysis.outbox-poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (!schema.isMigrated()) {
            heartbeats.beat(WORKER);
            return;
        }
        started = true;
        Instant running = passStarted;
        if (running != null && running.plus(STUCK).isBefore(Instant.now())) {
            restart(running);
        }
        runPass();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        synchronized (this) {
            executor.shutdownNow();
        }
    }

    private void pass() {
        queued.set(false);
        passStarted = Instant.now();
        try {
            while (!stopping && publisher.relayBatch() > 0) {
                // go on while there is something to claim: a series' next event becomes claimable once its previous is sent
            }
            heartbeats.beat(WORKER);
        } catch (SQLException | RuntimeException e) {
            if (!stopping) {
                LOG.warnf("alert outbox not relayed, retrying on the next poll: %s", e.toString());
            }
        } finally {
            passStarted = null;
        }
    }

    private synchronized void restart(Instant stuckSince) {
        LOG.errorf("alert outbox relay stuck in a pass since %s; interrupting it and starting a new relay thread", stuckSince);
        executor.shutdownNow();
        executor = newExecutor();
        passStarted = null;
        queued.set(false);
        heartbeats.restarted(WORKER);
        registry.counter("testpulse.analysis.alerts.relay.restarts").increment();
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "alert-outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
    }
}
