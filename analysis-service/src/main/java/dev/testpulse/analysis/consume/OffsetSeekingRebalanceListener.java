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

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * On every assignment, positions the consumer where PostgreSQL says the last applied batch ended (Kafka's committed
 * offsets only mirror it for monitoring). A stored position outside the partition's log is logged and handled as
 * {@link ResumePosition} decides; a position past the end (topic recreated) is also rewound in PostgreSQL, or the
 * offset fence would skip every new record below it.
 */
@ApplicationScoped
@Identifier(OffsetSeekingRebalanceListener.NAME)
public class OffsetSeekingRebalanceListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "outcomes-offsets";
    private static final Logger LOG = Logger.getLogger(OffsetSeekingRebalanceListener.class);

    private final DataSource dataSource;
    private final OffsetStore offsets;
    private final MeterRegistry registry;

    public OffsetSeekingRebalanceListener(DataSource dataSource, OffsetStore offsets, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.offsets = offsets;
        this.registry = registry;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            Map<TopicPartition, Long> stored = offsets.read(connection, partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                ResumePosition position = ResumePosition.of(stored.get(partition), starts.get(partition), ends.get(partition));
                report(partition, stored.get(partition), position, ends.get(partition));
                if (position.kind() == ResumePosition.Case.PAST_LOG_END) {
                    offsets.rewind(connection, partition, position.offset());
                }
                consumer.seek(partition, position.offset());
            }
            LOG.infof("assigned %s, positions from PostgreSQL: %s", partitions, stored);
        } catch (SQLException | RuntimeException e) {
            // Without the stored position the consumer starts earlier than needed; the per-batch offset fence
            // then skips what was applied already, so this costs time, never correctness.
            LOG.warnf("cannot read stored offsets for %s, consuming from the earliest: %s", partitions, e.toString());
            consumer.seekToBeginning(partitions);
        }
    }

    private void report(TopicPartition partition, Long stored, ResumePosition position, long end) {
        switch (position.kind()) {
            case BEHIND_LOG_START -> {
                LOG.errorf("%s: %d record(s) before offset %d were deleted by Kafka's retention before they were counted; "
                        + "resuming at the log start", partition, position.lostRecords(), position.offset());
                registry.counter("testpulse.analysis.outcomes.lost.to.retention").increment(position.lostRecords());
            }
            case PAST_LOG_END -> LOG.errorf("%s: the stored position %d is past the log end %d: the topic was recreated "
                    + "or truncated; consuming it from offset %d, outcome ids keep what was counted from counting again",
                    partition, stored, end, position.offset());
            default -> {
            }
        }
    }
}
