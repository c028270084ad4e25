package dev.testpulse.analysis.consume;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.testpulse.shared.http.LogSafe;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code dead_letters} table: dead letters written in the transaction of the batch that found them, so a batch
 * that rolls back and is retried never produces them twice, and read back by {@link DeadLetterRelay} to publish.
 */
@ApplicationScoped
public class DeadLetterStore {

    private static final Logger LOG = Logger.getLogger(DeadLetterStore.class);

    private final MeterRegistry registry;
    private final DataSource dataSource;

    public DeadLetterStore(MeterRegistry registry, DataSource dataSource) {
        this.registry = registry;
        this.dataSource = dataSource;
    }

    /** Adds them in the caller's transaction; a record dead-lettered before (same origin) is not added again. */
    public void add(Connection connection, List<DeadLetter> letters) throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into dead_letters (topic, kafka_partition, kafka_offset, record_key, record_value, category, reason)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")) {
            for (DeadLetter letter : letters) {
                insert.setString(1, letter.record().topic());
                insert.setInt(2, letter.record().partition());
                insert.setLong(3, letter.record().offset());
                insert.setBytes(4, bytes(letter.record().key()));
                insert.setBytes(5, bytes(letter.record().value()));
                insert.setString(6, letter.category());
                insert.setString(7, storable(letter.reason()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        letters.forEach(letter -> {
            LOG.warnf("dead letter %s: %s", letter.origin(), LogSafe.text(letter.reason()));
            registry.counter("testpulse.analysis.outcomes.dead.letters", "reason", letter.category()).increment();
        });
    }

    /**
     * Up to {@code limit} unsent dead letters that are due (not set aside, not waiting out a pause after a failed try),
     * oldest first, row-locked until the caller's transaction ends; rows another instance is publishing right now are
     * skipped rather than waited for.
     */
    public List<Pending> lockUnsent(Connection connection, int limit) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select topic, kafka_partition, kafka_offset, record_key, record_value, reason from dead_letters
                where sent_at is null and set_aside_at is null and (next_attempt_at is null or next_attempt_at <= now())
                order by created_at, topic, kafka_partition, kafka_offset
                limit ? for update skip locked""")) {
            query.setInt(1, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    pending.add(new Pending(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getBytes(4), rs.getBytes(5),
                            rs.getString(6)));
                }
            }
        }
        return pending;
    }

    public void markSent(Connection connection, List<Pending> sent) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update dead_letters set sent_at = now() where topic = ? and kafka_partition = ? and kafka_offset = ?""")) {
            for (Pending letter : sent) {
                update.setString(1, letter.topic());
                update.setInt(2, letter.partition());
                update.setLong(3, letter.offset());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /**
     * Records failed tries in the caller's transaction: each letter waits 2, 4, 8, ... seconds (at most 5 minutes)
     * before its next one, and one the broker refused ({@link Failure#refused()}) on its {@code maxAttempts}-th try or
     * later is set aside for good, counted in {@code testpulse.analysis.outcomes.dead.letters.set.aside}. A failure
     * that is not the letter's own (the broker away, a timeout) never sets a letter aside: it is only retried later.
     *
     * @return the letters set aside now
     */
    public List<Pending> markFailed(Connection connection, Map<Pending, Failure> failures, int maxAttempts) throws SQLException {
        List<Pending> setAside = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("""
                update dead_letters set attempts = attempts + 1, last_error = ?,
                    next_attempt_at = now() + make_interval(secs => least(300, power(2, attempts + 1))),
                    set_aside_at = case when ? and attempts + 1 >= ? then now() end
                where topic = ? and kafka_partition = ? and kafka_offset = ? returning set_aside_at is not null""")) {
            for (Map.Entry<Pending, Failure> failure : failures.entrySet()) {
                Pending letter = failure.getKey();
                update.setString(1, storable(failure.getValue().error()));
                update.setBoolean(2, failure.getValue().refused());
                update.setInt(3, maxAttempts);
                update.setString(4, letter.topic());
                update.setInt(5, letter.partition());
                update.setLong(6, letter.offset());
                try (ResultSet rs = update.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        setAside.add(letter);
                    }
                }
            }
        }
        setAside.forEach(letter -> {
            LOG.errorf("dead letter %s set aside after %d refused tries (GET /api/v1/admin/dead-letters): %s", letter.origin(), maxAttempts,
                    LogSafe.text(failures.get(letter).error()));
            registry.counter("testpulse.analysis.outcomes.dead.letters.set.aside").increment();
        });
        return setAside;
    }

    /**
     * The newest dead letters not published: {@code setAside} true lists those set aside, false those still waiting
     * for a (next) try. At most {@code limit}, without their bytes (their size only).
     */
    public List<Unpublished> unpublished(boolean setAside, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return unpublished(connection, setAside, limit);
        }
    }

    private List<Unpublished> unpublished(Connection connection, boolean setAside, int limit) throws SQLException {
        List<Unpublished> letters = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select topic, kafka_partition, kafka_offset, category, reason, coalesce(octet_length(record_key), 0),
                       coalesce(octet_length(record_value), 0), attempts, last_error, created_at, next_attempt_at, set_aside_at
                from dead_letters where sent_at is null and (set_aside_at is not null) = ?
                order by created_at desc, topic, kafka_partition, kafka_offset limit ?""")) {
            query.setBoolean(1, setAside);
            query.setInt(2, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String origin = rs.getString(1) + "/" + rs.getInt(2) + "@" + rs.getLong(3);
                    letters.add(new Unpublished(origin, rs.getString(4), rs.getString(5),
                            rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getString(9), instant(rs.getTimestamp(10)),
                            instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12))));
                }
            }
        }
        return letters;
    }

    /**
     * Forgets published dead letters older than {@code before} (the topic keeps them), and set-aside ones as old: the
     * admin API shows those for as long as raw outcomes are kept.
     */
    public void prune(Connection connection, Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from dead_letters where (sent_at is not null or set_aside_at is not null) and created_at < ?::timestamptz")) {
            delete.setString(1, before.toString());
            delete.executeUpdate();
        }
    }

    private static byte[] bytes(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A reason quotes the database, which may quote the record: no NUL may reach a text column or a log line. */
    /** The reason as a text column takes it: PostgreSQL's multi-line detail kept, a NUL (which it refuses) replaced, capped. */
    static String storable(String reason) {
        StringBuilder out = new StringBuilder(Math.min(reason.length(), 2000));
        reason.codePoints().limit(2000).forEach(c -> out.appendCodePoint(c == 0 ? '\uFFFD' : c));
        return out.toString();
    }

    /** Why a try failed, and whether the broker refused the letter itself (not retriable) rather than being away. */
    public record Failure(String error, boolean refused) {
    }

    /**
     * A dead letter not published, as the admin API shows it: where it came from ({@code topic/partition@offset}), why
     * it is a dead letter, its size, its failed tries and the last error, and when it was set aside (null: not).
     */
    public record Unpublished(String origin, String category, String reason, int keyBytes, int valueBytes, int attempts,
            String lastError, Instant createdAt, Instant nextAttemptAt, Instant setAsideAt) {
    }

    /** A dead letter waiting to be published, with the origin it names. */
    public record Pending(String topic, int partition, long offset, byte[] key, byte[] value, String reason) {
        String origin() {
            return topic + "/" + partition + "@" + offset;
        }
    }
}
