package dev.testpulse.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Heavyweight lock waits of the analysis instances while they run side by side: {@code pg_stat_activity} sampled every
 * {@value #INTERVAL_MS} ms on a session of its own, counting the sessions of the instances (their JDBC
 * {@code ApplicationName} starts with the given prefix) that wait on a lock ({@code wait_event_type = 'Lock'}: row,
 * transaction, advisory and relation locks; not LWLocks, which are PostgreSQL's own short latches), each with who
 * blocks it ({@code pg_blocking_pids}). A wait seen in n samples counts as n × {@value #INTERVAL_MS} ms: waits shorter
 * than the interval may be missed, longer ones are counted to within one interval.
 */
final class LockWaits implements AutoCloseable {

    static final long INTERVAL_MS = 10;
    private static final String SAMPLE = """
            select a.application_name, a.wait_event, left(regexp_replace(a.query, '\\s+', ' ', 'g'), 140),
                   (select string_agg(distinct b.application_name, ',') from pg_stat_activity b
                     where b.pid = any(pg_blocking_pids(a.pid)))
            from pg_stat_activity a
            where a.wait_event_type = 'Lock' and a.application_name like ? and a.pid <> pg_backend_pid()""";

    private final Connection connection;
    private final PreparedStatement sample;
    private final long backendPid;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final LongAdder samples = new LongAdder();
    private final AtomicLong failures = new AtomicLong();
    /** Waits seen, by what waited on what: the count of samples each was seen in. */
    private final Map<String, LongAdder> seen = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();
    private final String prefix;

    /** Starts sampling the sessions whose application name starts with {@code prefix}. */
    LockWaits(String jdbcUrl, String prefix) {
        this.prefix = prefix;
        try {
            connection = DriverManager.getConnection(jdbcUrl + "?ApplicationName=testpulse-benchmark-lock-sampler",
                    "postgres", "");
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("select pg_backend_pid()")) {
                rs.next();
                backendPid = rs.getLong(1);
            }
            sample = connection.prepareStatement(SAMPLE);
            sample.setString(1, prefix + "%");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the lock sampler's session", e);
        }
        sampler.scheduleAtFixedRate(this::sample, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try (ResultSet rs = sample.executeQuery()) {
            while (rs.next()) {
                String waiter = rs.getString(1);
                String blockers = rs.getString(4) == null ? "" : rs.getString(4);
                String who = waiter + (blockers.isEmpty() ? " (its blocker gone)" : " waits for " + blockers);
                seen.computeIfAbsent(rs.getString(2) + ", " + who + ": " + rs.getString(3), key -> new LongAdder())
                        .increment();
            }
            samples.increment();
        } catch (SQLException e) {
            failures.incrementAndGet(); // counted and printed: a sampler that missed samples must not pass for "no waits"
        }
    }

    /** CPU seconds the sampler's own PostgreSQL backend has spent so far: not the services' cost, so taken out of it. */
    double samplerCpuSeconds() {
        return ResourceCost.processCpuSeconds(backendPid);
    }

    /** Stops sampling. @return what was seen */
    Result stop() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long waits = seen.values().stream().mapToLong(LongAdder::sum).sum();
        String which = seen.entrySet().stream()
                .sorted(Map.Entry.<String, LongAdder>comparingByValue(Comparator.comparingLong(LongAdder::sum)).reversed())
                .limit(5).map(entry -> entry.getValue().sum() * INTERVAL_MS + " ms " + entry.getKey())
                .collect(Collectors.joining("; "));
        return new Result(waits * INTERVAL_MS, samples.sum(), samples.sum() == 0 ? 0 : seconds * 1000 / samples.sum(),
                failures.get(), which);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the stack stops the database next; nothing to keep
        }
    }

    /**
     * @param waitMs        samples of a waiting session × the interval, summed over the sessions
     * @param samples       how many samples were read
     * @param everyMs       the interval achieved on average (above {@value #INTERVAL_MS} ms when the machine is busy)
     * @param failed        samples that failed to read
     * @param which         the largest waits: ms, wait event, which instance waited for which, the waiting statement
     */
    record Result(long waitMs, long samples, double everyMs, long failed, String which) {

        String summary() {
            return "%,d ms (%,d samples, one every %.1f ms on average%s)%s".formatted(waitMs, samples, everyMs,
                    failed == 0 ? "" : ", %d failed".formatted(failed),
                    which.isEmpty() ? "" : ": " + which.replace("|", "\\|")); // a statement's || must not split the table's cell
        }
    }
}
