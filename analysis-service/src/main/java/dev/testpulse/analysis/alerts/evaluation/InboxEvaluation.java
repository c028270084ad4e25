package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.alerts.delivery.OutboxRelay;
import dev.testpulse.analysis.inbox.EvaluationInbox;
import dev.testpulse.analysis.inbox.InboxBell;
import dev.testpulse.analysis.schema.SchemaMigration;
import dev.testpulse.analysis.storage.SqlFaults;
import dev.testpulse.analysis.workers.Heartbeats;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Evaluates alerts after counting, from the inbox the batches write ({@link EvaluationInbox}). A thread of its own
 * wakes when a batch of this instance commits ({@link InboxBell}) and polls ({@code testpulse.analysis.inbox-poll})
 * for rows of other instances and a crash's leftovers. Each project with pending rows is evaluated in a short
 * transaction of its own: the project's alert lock (try-lock: a project another instance evaluates right now is left
 * to it and looked at again in a moment), all its pending rows read and deleted, their outcomes added to their runs'
 * tallies and the project's failure signatures — counting leaves both to this transaction, where no two instances ever
 * wait for a run's or a signature's row — one evaluation of their union, then each AfterEvaluation, such as the
 * automatic quarantine ({@link PendingRows}), events into the outbox, commit. So a crash anywhere leaves the rows, evaluated
 * later once, never twice; and batches that came while a project was being evaluated make its next single evaluation,
 * without any wait added: the more load, the larger each evaluation, not the more of them.
 *
 * <p>Failures: a rule that throws is the evaluator's business (marked broken, the rest goes on); a database fault rolls
 * back and the pass is tried again after a pause; anything else fails that project alone, which waits a pause doubling
 * up to a minute ({@link FailingProjects}), logged, counted and shown by readiness, while other projects go on.
 */
@ApplicationScoped
public class InboxEvaluation {

    static final String WORKER = "alert inbox evaluation";
    private static final Logger LOG = Logger.getLogger(InboxEvaluation.class);
    /** How soon a project another instance was evaluating is looked at again: about one evaluation's length. */
    private static final Duration BUSY_AGAIN = Duration.ofMillis(20);
    private static final Duration DATABASE_PAUSE_LONGEST = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final EvaluationInbox inbox;
    private final InboxBell bell;
    private final PendingRows pendingRows;
    private final OutboxRelay relay;
    private final SchemaMigration schema;
    private final Heartbeats heartbeats;
    private final Duration poll;
    private final FailingProjects failing = new FailingProjects(Duration.ofSeconds(1), Duration.ofMinutes(1));
    private final InboxMeters meters;
    private volatile boolean running = true;
    private volatile Thread thread;

    public InboxEvaluation(DataSource dataSource, EvaluationInbox inbox, InboxBell bell, PendingRows pendingRows, OutboxRelay relay,
            SchemaMigration schema, Heartbeats heartbeats, AnalysisConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.inbox = inbox;
        this.bell = bell;
        this.pendingRows = pendingRows;
        this.relay = relay;
        this.schema = schema;
        this.heartbeats = heartbeats;
        this.poll = config.inboxPoll();
        this.meters = new InboxMeters(registry, dataSource, inbox);
    }

    void start(@Observes StartupEvent start) {
        heartbeats.register(WORKER, poll.multipliedBy(2).plus(DATABASE_PAUSE_LONGEST).plusSeconds(60));
        Thread worker = new Thread(this::evaluateForever, "alert-inbox-evaluation");
        worker.setDaemon(true);
        thread = worker;
        worker.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        Thread worker = thread;
        if (worker != null) {
            worker.interrupt();
        }
    }

    private void evaluateForever() {
        Duration databasePause = Duration.ofMillis(100);
        Duration wait = Duration.ZERO; // rows left by a crash are evaluated at start, not a poll later
        while (running) {
            try {
                bell.await(wait);
                if (!schema.isMigrated()) {
                    heartbeats.beat(WORKER);
                    wait = poll;
                    continue;
                }
                Pass pass = pass();
                heartbeats.beat(WORKER);
                heartbeats.problem(WORKER, failing.summary());
                databasePause = Duration.ofMillis(100);
                wait = pass.busy() ? BUSY_AGAIN : poll;
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("alert inbox evaluation: pass failed, rows stay pending, trying again in %d ms: %s", databasePause.toMillis(),
                        e.toString());
                wait = databasePause;
                databasePause = databasePause.compareTo(DATABASE_PAUSE_LONGEST.dividedBy(2)) > 0 ? DATABASE_PAUSE_LONGEST : databasePause.multipliedBy(2);
            }
        }
    }

    /** What a pass did: alert events written, and whether a project was left to another instance's evaluation. */
    record Pass(int events, boolean busy) {
    }

    /** Evaluates each project with pending rows once. Package-private for tests. */
    Pass pass() throws SQLException {
        List<String> projects;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            projects = inbox.pendingProjects(connection);
        }
        int events = 0;
        boolean busy = false;
        for (String project : projects) {
            if (!running) {
                break;
            }
            if (failing.waiting(project, Instant.now())) {
                continue;
            }
            int written = evaluate(project);
            if (written < 0) {
                busy = true;
            } else {
                events += written;
            }
        }
        if (events > 0) {
            relay.wake();
        }
        return new Pass(events, busy);
    }

    /** @return the alert events written, or -1 when another transaction holds the project */
    private int evaluate(String project) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<PendingRows.Taken> taken = pendingRows.evaluate(connection, project);
                if (taken.isEmpty()) {
                    connection.rollback();
                    return -1;
                }
                connection.commit();
                meters.evaluated(taken.get().rows());
                failing.succeeded(project);
                return taken.get().events();
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                return failed(project, e);
            }
        }
    }

    /** A project's evaluation failed: the database's fault fails the pass, anything else the project alone, for a while. */
    private int failed(String project, Exception e) throws SQLException {
        if (e instanceof SQLException sql && (SqlFaults.isTransient(sql) || SqlFaults.meansUnavailable(sql))) {
            throw sql; // the database's, not the project's: the whole pass waits
        }
        meters.failed();
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        Duration pause = failing.failed(project, Instant.now(), reason.length() > 300 ? reason.substring(0, 300) : reason);
        LOG.errorf(e, "alert inbox evaluation of project %s failed; its rows stay pending, next try in %d s", project,
                pause.toSeconds());
        return 0;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is gone: what the transaction did is undone with it
        }
    }
}
