package dev.testpulse.analysis.consume;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    public DeadLetterStore(MeterRegistry registry) {
        this.registry = registry;
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
     * Up to {@code limit} unsent dead letters, oldest first, row-locked until the caller's transaction ends; rows
     * another instance is publishing right now are skipped rather than waited for.
     */
    public List<Pending> lockUnsent(Connection connection, int limit) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select topic, kafka_partition, kafka_offset, record_key, record_value, reason from dead_letters
                where sent_at is null order by created_at, topic, kafka_partition, kafka_offset
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

    /** Forgets published dead letters older than {@code before}; the topic keeps them. */
    public void prune(Connection connection, Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from dead_letters where sent_at is not null and created_at < ?::timestamptz")) {
            delete.setString(1, before.toString());
            delete.executeUpdate();
        }
    }

    private static byte[] bytes(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** A reason quotes the database, which may quote the record: no NUL may reach a text column or a log line. */
    /** The reason as a text column takes it: PostgreSQL's multi-line detail kept, a NUL (which it refuses) replaced, capped. */
    static String storable(String reason) {
        StringBuilder out = new StringBuilder(Math.min(reason.length(), 2000));
        reason.codePoints().limit(2000).forEach(c -> out.appendCodePoint(c == 0 ? '\uFFFD' : c));
        return out.toString();
    }

    /** A dead letter waiting to be published, with the origin it names. */
    public record Pending(String topic, int partition, long offset, byte[] key, byte[] value, String reason) {
        String origin() {
            return topic + "/" + partition + "@" + offset;
        }
    }
}
