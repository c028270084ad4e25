package dev.testpulse.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real consumer on a topic of the JVM's shared stack, positioned at the topic's end when created: create it
 * before acting, then read what the action published. No consumer group, so tests never disturb each other. A Kafka
 * consumer belongs to one thread: read it from the test's own thread.
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;

    public TopicProbe(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before the action
    }

    /** What arrived since the last read (waits up to 200 ms). */
    public List<ConsumerRecord<String, String>> poll() {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records;
    }

    /** Reads until {@code done} holds for the records so far, or the timeout passes; returns what arrived. */
    public List<ConsumerRecord<String, String>> readUntil(Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records) && System.nanoTime() < deadline) {
            records.addAll(poll());
        }
        return records;
    }

    /** Reads until {@code count} records arrived (or 30 s passed). */
    public List<ConsumerRecord<String, String>> read(int count) {
        return readUntil(records -> records.size() >= count, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
