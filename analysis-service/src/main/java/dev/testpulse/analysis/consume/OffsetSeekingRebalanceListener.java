package dev.testpulse.analysis.consume;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * On every assignment, positions the consumer where PostgreSQL says the last applied batch ended, since Kafka's
 * committed offsets are never written. Partitions without a stored position start from the earliest record.
 */
@ApplicationScoped
@Identifier(OffsetSeekingRebalanceListener.NAME)
public class OffsetSeekingRebalanceListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "outcomes-offsets";
    private static final Logger LOG = Logger.getLogger(OffsetSeekingRebalanceListener.class);

    private final DataSource dataSource;
    private final OffsetStore offsets;

    public OffsetSeekingRebalanceListener(DataSource dataSource, OffsetStore offsets) {
        this.dataSource = dataSource;
        this.offsets = offsets;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored;
        try (Connection connection = dataSource.getConnection()) {
            stored = offsets.read(connection, partitions);
        } catch (SQLException e) {
            // Without the stored position the consumer starts earlier than needed; the per-batch offset check
            // then skips what was applied already, so this costs time, never correctness.
            LOG.warnf("cannot read stored offsets for %s, consuming from the earliest: %s", partitions, e.getMessage());
            consumer.seekToBeginning(partitions);
            return;
        }
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition);
            if (next == null) {
                consumer.seekToBeginning(java.util.List.of(partition));
            } else {
                consumer.seek(partition, next);
            }
        }
        LOG.infof("assigned %s, positions from PostgreSQL: %s", partitions, stored);
    }
}
