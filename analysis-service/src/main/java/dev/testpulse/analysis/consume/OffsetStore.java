package dev.testpulse.analysis.consume;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The consumer's position per partition, kept in PostgreSQL next to the aggregates so that both move in one
 * transaction: after any crash the position and the counts agree.
 */
@ApplicationScoped
public class OffsetStore {

    private final String group;

    public OffsetStore(@ConfigProperty(name = "mp.messaging.incoming.outcomes.group.id") String group) {
        this.group = group;
    }

    /**
     * The stored next offsets of these partitions, row-locked until the transaction ends: a second consumer that
     * still believes it owns a partition waits here, then sees what the first one applied.
     */
    public Map<TopicPartition, Long> lockAndRead(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        return select(connection, partitions, " for update");
    }

    /** The stored next offsets, without locking (for seeking on assignment). */
    public Map<TopicPartition, Long> read(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        return select(connection, partitions, "");
    }

    /** Moves the partitions forward; never backwards, whatever a stale caller passes. */
    public void save(Connection connection, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into consumer_offsets (consumer_group, topic, kafka_partition, next_offset)
                values (?, ?, ?, ?)
                on conflict (consumer_group, topic, kafka_partition) do update
                set next_offset = greatest(consumer_offsets.next_offset, excluded.next_offset), updated_at = now()
                """)) {
            for (Map.Entry<TopicPartition, Long> entry : nextOffsets.entrySet()) {
                upsert.setString(1, group);
                upsert.setString(2, entry.getKey().topic());
                upsert.setInt(3, entry.getKey().partition());
                upsert.setLong(4, entry.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /**
     * Sets a partition's position back, autocommitted: only for a topic that was recreated, whose new records would
     * otherwise all lie below the old position and be skipped by the offset fence.
     */
    public void rewind(Connection connection, TopicPartition partition, long nextOffset) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update consumer_offsets set next_offset = ?, updated_at = now()
                where consumer_group = ? and topic = ? and kafka_partition = ?""")) {
            update.setLong(1, nextOffset);
            update.setString(2, group);
            update.setString(3, partition.topic());
            update.setInt(4, partition.partition());
            update.executeUpdate();
        }
    }

    private Map<TopicPartition, Long> select(Connection connection, Collection<TopicPartition> partitions, String lock)
            throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        Map<String, Integer[]> byTopic = new HashMap<>();
        partitions.stream().map(TopicPartition::topic).distinct().forEach(topic -> byTopic.put(topic,
                partitions.stream().filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition).toArray(Integer[]::new)));
        try (PreparedStatement query = connection.prepareStatement("""
                select kafka_partition, next_offset from consumer_offsets
                where consumer_group = ? and topic = ? and kafka_partition = any (?)
                order by kafka_partition""" + lock)) {
            for (Map.Entry<String, Integer[]> topic : byTopic.entrySet()) {
                Array ids = connection.createArrayOf("integer", topic.getValue());
                query.setString(1, group);
                query.setString(2, topic.getKey());
                query.setArray(3, ids);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        stored.put(new TopicPartition(topic.getKey(), rs.getInt(1)), rs.getLong(2));
                    }
                }
            }
        }
        return stored;
    }
}
