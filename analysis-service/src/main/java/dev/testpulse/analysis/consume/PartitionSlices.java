package dev.testpulse.analysis.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumed batch cut into one batch per partition, in partition order: each slice is applied in a transaction of its
 * own, so one partition's trouble neither rolls back nor holds back the others, and their offsets still move with
 * their own records only.
 */
final class PartitionSlices {

    private PartitionSlices() {
    }

    static List<ConsumerRecords<String, String>> of(ConsumerRecords<String, String> records) {
        if (records.partitions().size() <= 1) {
            return List.of(records);
        }
        List<TopicPartition> partitions = new ArrayList<>(records.partitions());
        partitions.sort((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
        List<ConsumerRecords<String, String>> slices = new ArrayList<>(partitions.size());
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata next = records.nextOffsets().get(partition);
            slices.add(new ConsumerRecords<>(Map.of(partition, records.records(partition)),
                    next == null ? Map.of() : Map.of(partition, next)));
        }
        return slices;
    }
}
