package dev.testpulse.faults.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.devstack.DevStack;

/**
 * The alert CloudEvents published on a topic since this reader was created, in topic order per partition. Unlike
 * {@link dev.testpulse.devstack.TopicProbe} it reads up to the end offsets of the moment it is asked, so "everything
 * published so far" is a read, not a wait. No consumer group; use it from one thread at a time.
 */
public final class AlertTopic implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record of the alert topic: where it sits, when it was produced, and what its CloudEvent says. */
    public record Event(String key, int partition, long offset, long producedAtMillis, String id, String type, String status,
            String fingerprint, String project, String ruleId) {

        public boolean fired() {
            return type.endsWith(".fired");
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final List<Event> events = new ArrayList<>();
    private int unreadable;

    public AlertTopic(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        partitions = consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the start now, before the scenario acts
    }

    /** Reads up to the topic's current end; returns every event since this reader was created. */
    public synchronized List<Event> readToEnd() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partitions + " up to " + ends + " within 30 s");
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                parse(record);
            }
        }
        return List.copyOf(events);
    }

    /** Records whose value was not a CloudEvent with the fields above (counted, not kept). */
    public synchronized int unreadable() {
        return unreadable;
    }

    private void parse(ConsumerRecord<String, String> record) {
        try {
            JsonNode event = JSON.readTree(record.value());
            JsonNode data = event.path("data");
            if (!event.hasNonNull("id") || !event.hasNonNull("type") || !data.hasNonNull("fingerprint")) {
                unreadable++;
                return;
            }
            events.add(new Event(record.key(), record.partition(), record.offset(), record.timestamp(), event.get("id").asText(),
                    event.get("type").asText(), data.path("status").asText(null), data.get("fingerprint").asText(),
                    data.path("project").asText(null), data.path("rule").path("id").asText(null)));
        } catch (JsonProcessingException | RuntimeException e) {
            unreadable++;
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
