package dev.testpulse.analysis.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.alerts.delivery.AlertOutbox;
import dev.testpulse.analysis.alerts.evaluation.SeriesStore;
import dev.testpulse.analysis.consume.DeadLetterStore;
import dev.testpulse.analysis.consume.SeenOutcomes;
import dev.testpulse.analysis.insights.TestCommitStore;
import dev.testpulse.analysis.raw.RawOutcomeStore;
import dev.testpulse.analysis.runs.RunStore;
import dev.testpulse.analysis.schema.SchemaMigration.SchemaReady;
import dev.testpulse.analysis.schema.SchemaMigration;
import dev.testpulse.analysis.windows.Buckets;
import dev.testpulse.analysis.windows.WindowStore;
import dev.testpulse.analysis.workers.Heartbeats;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps storage bounded: daily partitions of raw outcomes are created ahead and dropped whole past the retention
 * horizon (no row-by-row delete of raw data), and the ids, minute buckets, per-run counts and the flaky signal kept
 * per test and commit that only matter within the horizon are pruned, and so are alert events and resolved alert series past
 * {@code testpulse.analysis.alert-retention}. One instance at a time does it (advisory lock).
 */
@ApplicationScoped
public class Retention {

    static final int DAYS_AHEAD = 7;
    static final String WORKER = "retention";
    private static final long LOCK = 0x7e57_9a15eL;
    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final DataSource dataSource;
    private final AnalysisConfig config;
    private final RawOutcomeStore raw;
    private final TestCommitStore testCommits;
    private final SeenOutcomes seen;
    private final WindowStore windows;
    private final DeadLetterStore deadLetters;
    private final SchemaMigration schema;
    private final AlertOutbox alertEvents;
    private final SeriesStore series;
    private final RunStore runs;
    private final Heartbeats heartbeats;

    public Retention(DataSource dataSource, AnalysisConfig config, RawOutcomeStore raw, TestCommitStore testCommits,
            SeenOutcomes seen, WindowStore windows, DeadLetterStore deadLetters, SchemaMigration schema, AlertOutbox alertEvents, SeriesStore series,
            RunStore runs, Heartbeats heartbeats) {
        this.dataSource = dataSource;
        this.config = config;
        this.raw = raw;
        this.testCommits = testCommits;
        this.seen = seen;
        this.windows = windows;
        this.deadLetters = deadLetters;
        this.schema = schema;
        this.alertEvents = alertEvents;
        this.series = series;
        this.runs = runs;
        this.heartbeats = heartbeats;
        // hourly, or when another instance holds the lock: quiet for three hours means it stopped
        heartbeats.register(WORKER, Duration.ofHours(3));
    }

    void whenSchemaReady(@Observes SchemaReady ready) throws SQLException {
        maintain();
    }

    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() throws SQLException {
        if (schema.isMigrated()) {
            maintain();
        } else {
            heartbeats.beat(WORKER);
        }
    }

    public void maintain() throws SQLException {
        Instant now = Instant.now();
        Instant horizon = now.minus(config.retention());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            if (!tryLock(connection)) {
                connection.rollback();
                heartbeats.beat(WORKER);
                return;
            }
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            for (LocalDate day = LocalDate.ofInstant(horizon, ZoneOffset.UTC); !day.isAfter(today.plusDays(DAYS_AHEAD)); day = day.plusDays(1)) {
                createPartition(connection, day);
            }
            int dropped = dropPartitionsBefore(connection, LocalDate.ofInstant(horizon, ZoneOffset.UTC));
            pruneKeptRows(connection, now, horizon);
            connection.commit();
            heartbeats.beat(WORKER);
            if (dropped > 0) {
                LOG.infof("retention dropped %d raw outcome partition(s) before %s", dropped, horizon);
            }
        }
    }

    /** What other tables keep about raw outcomes goes with them, each after its own horizon. */
    private void pruneKeptRows(Connection connection, Instant now, Instant horizon) throws SQLException {
        raw.pruneUnpartitioned(connection, horizon);
        // from the first raw day kept: a row goes when every raw row it folds has gone with its partition
        testCommits.prune(connection, LocalDate.ofInstant(horizon, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant());
        seen.prune(connection, horizon);
        deadLetters.prune(connection, horizon);
        windows.pruneRuns(connection, horizon);
        windows.pruneBuckets(connection, Buckets.MINUTE, now.minus(Buckets.MINUTE_HORIZON).minus(1, ChronoUnit.HOURS));
        windows.pruneBuckets(connection, Buckets.HOUR, now.minus(config.aggregateRetention()));
        alertEvents.prune(connection, now.minus(config.alertRetention()));
        series.pruneResolved(connection, now.minus(config.alertRetention()));
        runs.prune(connection, horizon);
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Creates a day's partition unless it exists, or unless rows for that day already sit in the default partition. */
    private static void createPartition(Connection connection, LocalDate day) throws SQLException {
        String name = "outcome_p" + DAY.format(day);
        try (PreparedStatement exists = connection.prepareStatement("""
                select (select count(*) from pg_class where relname = ?) > 0,
                       exists (select 1 from outcome_default where observed_at >= ?::timestamptz and observed_at < ?::timestamptz)""")) {
            exists.setString(1, name);
            exists.setString(2, day.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            exists.setString(3, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
                if (rs.getBoolean(2)) {
                    LOG.warnf("outcomes of %s already sit in the default partition; leaving them there", day);
                    return;
                }
            }
        }
        try (Statement create = connection.createStatement()) {
            create.execute("create table %s partition of outcome for values from ('%s') to ('%s')".formatted(name,
                    day.atStartOfDay(ZoneOffset.UTC).toInstant(), day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
    }

    private static int dropPartitionsBefore(Connection connection, LocalDate firstKept) throws SQLException {
        List<String> old = new ArrayList<>();
        try (Statement query = connection.createStatement();
                ResultSet rs = query.executeQuery("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        join pg_class p on p.oid = i.inhparent where p.relname = 'outcome' and c.relname like 'outcome\\_p%'""")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (LocalDate.parse(name.substring("outcome_p".length()), DAY).isBefore(firstKept)) {
                    old.add(name);
                }
            }
        }
        try (Statement drop = connection.createStatement()) {
            for (String name : old) {
                drop.execute("drop table " + name);
            }
        }
        return old.size();
    }
}
