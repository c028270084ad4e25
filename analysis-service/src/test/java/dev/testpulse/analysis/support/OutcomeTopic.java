package dev.testpulse.analysis.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.testpulse.devstack.DevStack;

/** Puts records on the shared broker's topics the way ingest-service does, and reads topics back, for tests. */
public final class OutcomeTopic {

    private OutcomeTopic() {
    }

    /** Sends each value with its key to {@code testpulse.outcomes} and waits until the broker acknowledged all. */
    public static void send(List<Map.Entry<String, String>> keyedValues) {
        sendTo(DevStack.OUTCOMES_TOPIC, keyedValues);
    }

    /** Sends each value with its key to the topic, in order, and waits until the broker acknowledged all. */
    public static void sendTo(String topic, List<Map.Entry<String, String>> keyedValues) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<String, String> entry : keyedValues) {
                producer.send(new ProducerRecord<>(topic, entry.getKey(), entry.getValue())).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send test records", e);
        }
    }

    /** Sends all in one producer batch (no wait between them), so a consumer most likely polls them together. */
    public static void sendTogether(List<Map.Entry<String, String>> keyedValues) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 50), new StringSerializer(), new StringSerializer())) {
            keyedValues.forEach(entry -> producer.send(new ProducerRecord<>(DevStack.OUTCOMES_TOPIC, entry.getKey(), entry.getValue())));
            producer.flush();
        }
    }

    /** A v1 outcome record value with a fresh id. */
    public static String outcome(String project, String suite, String name, String status) {
        return outcome(UUID.randomUUID().toString(), project, suite, name, status);
    }

    public static String outcome(String id, String project, String suite, String name, String status) {
        return outcome(id, project, "r1", "main", suite, name, status, Instant.now());
    }

    /** A v1 outcome record value of a given run, branch and event time. */
    public static String outcome(String id, String project, String run, String branch, String suite, String name,
            String status, Instant observedAt) {
        return """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci",
                 "run":{"id":"%s","attempt":1,"commit":"c1","branch":"%s"},"suite":"%s",
                 "test":{"class":"T","name":"%s","tags":[]},"status":"%s","duration_ms":5,"retry":0,
                 "observed_at":"%s"}""".formatted(id, project, run, branch, suite, name, status, observedAt);
    }

    /** Every record of a topic whose key is {@code key}, read from the beginning to the end the topic has now. */
    public static List<ConsumerRecord<String, String>> readToEnd(String topic, String key) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end " + ends);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key()) && record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** All records of a topic whose key starts with {@code keyPrefix}, read from the beginning until {@code count} arrived. */
    public static List<ConsumerRecord<String, String>> readFromStart(String topic, String keyPrefix, int count) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(keyPrefix)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }
}
