package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.testpulse.analysis.alerts.delivery.OutboxRelay;
import dev.testpulse.analysis.schema.SchemaMigration;
import dev.testpulse.analysis.storage.SqlFaults;
import dev.testpulse.analysis.workers.Heartbeats;
import io.quarkus.scheduler.Scheduled;

/**
 * Time moves without data: every {@code testpulse.analysis.alert-tick} the clock steps each project that has a
 * pending, firing or not-yet-told series ({@link AlertEvaluator#evaluateTime}), so {@code for_duration} and
 * {@code keep_firing_for} run out, silences end, new-failure-group alerts and infra incidents expire on time, not on
 * the project's next upload. One instance at a time: the pass holds a session-level advisory lock on a connection of
 * its own; an instance that dies loses its session and with it the lock, and the next instance to tick takes over.
 * Each project is stepped in its own short transaction under the project's alert lock (counting never takes it, so
 * is never held up); a project the inbox evaluation ({@link InboxEvaluation}) holds at that moment is left to it
 * (it steps its series itself), up to {@link #PATIENCE} ticks in a row ({@link BusyProjects}).
 */
@ApplicationScoped
public class AlertClock {

    static final String WORKER = "alert clock";
    private static final Logger LOG = Logger.getLogger(AlertClock.class);
    static final long CLOCK_LOCK = 0x7e57_a1e7_c10cL;
    /** Ticks in a row a project may be left to the evaluations that hold it (a minute at the default tick). */
    static final int PATIENCE = 12;

    private final DataSource dataSource;
    private final AlertEvaluator evaluator;
    private final SeriesStore series;
    private final OutboxRelay relay;
    private final SchemaMigration schema;
    private final Heartbeats heartbeats;
    private final BusyProjects busy = new BusyProjects(PATIENCE);

    public AlertClock(DataSource dataSource, AlertEvaluator evaluator, SeriesStore series, OutboxRelay relay, SchemaMigration schema,
            Heartbeats heartbeats) {
        this.dataSource = dataSource;
        this.evaluator = evaluator;
        this.series = series;
        this.relay = relay;
        this.schema = schema;
        this.heartbeats = heartbeats;
        heartbeats.register(WORKER, Duration.ofMinutes(2));
    }

    @Scheduled(every = "${testpulse.analysis.alert-tick:5s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!schema.isMigrated()) {
            heartbeats.beat(WORKER);
            return;
        }
        try {
            int events = pass();
            heartbeats.beat(WORKER);
            if (events > 0) {
                relay.wake();
            }
        } catch (SQLException e) {
            LOG.warnf("alert clock: pass failed, trying again on the next tick: %s", e.toString());
        }
    }

    /** @return how many alert events the pass wrote; 0 when another instance holds the clock */
    int pass() throws SQLException {
        try (Connection session = dataSource.getConnection()) {
            session.setAutoCommit(true);
            if (!tryLock(session)) {
                return 0; // another instance's clock is running
            }
            try {
                int events = 0;
                for (String project : series.projectsWithActiveSeries(session)) {
                    events += step(project);
                }
                return events;
            } finally {
                unlock(session);
            }
        }
    }

    private int step(String project) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement timeout = connection.prepareStatement("set local statement_timeout = '30s'")) {
                timeout.execute();
                // a project being evaluated right now is stepped by that evaluation; the next tick comes back to it
                OptionalInt events = evaluator.evaluateTime(connection, project, Instant.now(), busy.mustWait(project));
                connection.commit();
                if (events.isEmpty()) {
                    busy.skipped(project);
                    return 0;
                }
                busy.stepped(project);
                return events.getAsInt();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                if (e instanceof SQLException sql && SqlFaults.meansUnavailable(sql)) {
                    throw sql;
                }
                LOG.errorf(e, "alert clock: project %s not stepped this tick", project);
                return 0;
            }
        }
    }

    private static boolean tryLock(Connection session) throws SQLException {
        try (PreparedStatement lock = session.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, CLOCK_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection session) throws SQLException {
        try (PreparedStatement unlock = session.prepareStatement("select pg_advisory_unlock(?)")) {
            unlock.setLong(1, CLOCK_LOCK);
            unlock.execute();
        }
    }
}
