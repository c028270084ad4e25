package dev.testpulse.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.testpulse.devstack.KafkaBroker;

/**
 * Fills a topic with outcomes and watches a consumer group work through it. analysis-service commits the offsets of a
 * batch to Kafka right after the PostgreSQL transaction that applied it, so the group's committed offsets are what
 * has been applied with the exactly-once effect (README, "Counted exactly once").
 */
final class AnalysisProgress {

    /** How often committed offsets are read: the resolution of every analysis figure. */
    private static final long POLL_MS = 100;

    private final KafkaBroker kafka;

    AnalysisProgress(KafkaBroker kafka) {
        this.kafka = kafka;
    }

    /**
     * Creates {@code topic} with {@code partitions} and writes the shape of up to {@code total} outcomes to it.
     * @return how many it wrote (whole suites: {@code total} rounded down to a multiple of 1,500)
     */
    int prefill(String topic, int partitions, String projectPrefix, Workload.Commits commits, int total) {
        kafka.createTopics(partitions, topic);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        Workload.prefill(projectPrefix, total, commits, (key, value) -> records.add(new ProducerRecord<>(topic, key, value)));
        // On this loaded machine a batch of a just-created topic's partition once expired unsent (120 s after its
        // creation), which left a figure's topic short of records without a word: such records are sent again
        Queue<ProducerRecord<String, String>> expired = new ConcurrentLinkedQueue<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<ProducerRecord<String, String>> toSend = records;
            for (int attempt = 0; attempt < 3 && !toSend.isEmpty(); attempt++) {
                for (ProducerRecord<String, String> record : toSend) {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            expired.add(record);
                        }
                    });
                }
                producer.flush();
                toSend = new ArrayList<>(expired);
                expired.clear();
                if (!toSend.isEmpty()) {
                    System.out.printf("benchmark: pre-filling %s: %d records not acknowledged, sent again%n", topic, toSend.size());
                }
            }
        }
        // the figures divide by this count: the topic must hold exactly the records it was given
        try (Admin admin = kafka.admin()) {
            long onTopic = endOffsets(admin, topic);
            if (onTopic != records.size()) {
                throw new IllegalStateException("pre-filling " + topic + ": " + onTopic + " records are on the topic, "
                        + records.size() + " were sent");
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        }
        return records.size();
    }

    /**
     * Waits until {@code group} has committed every record of {@code topic}. @return records/s from its first
     * progress to the last record (so the services' start and first rebalance are not in the figure), and over the
     * second half of the records alone: by then the JIT has compiled the hot paths (its compiler threads took about
     * half of the service's CPU over a profiled minute), so that half is nearer the steady state; {@code atHalfway}
     * runs when the second half starts (e.g. to read the CPU counters of the steady state)
     */
    Rate awaitApplied(String topic, String group, long timeoutSeconds, Runnable atHalfway) {
        try (Admin admin = kafka.admin()) {
            long end = endOffsets(admin, topic);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            long firstProgress = -1;
            long firstCommitted = 0;
            long halfway = -1;
            long halfwayCommitted = 0;
            while (System.nanoTime() < deadline) {
                long committed = committed(admin, group, topic);
                long now = System.nanoTime();
                if (firstProgress < 0 && committed > 0) {
                    firstProgress = now;
                    firstCommitted = committed;
                }
                if (halfway < 0 && firstProgress >= 0 && committed - firstCommitted >= (end - firstCommitted) / 2) {
                    halfway = now;
                    halfwayCommitted = committed;
                    atHalfway.run();
                }
                if (committed >= end) {
                    double overall = (end - firstCommitted) / ((now - firstProgress) / 1e9);
                    double secondHalf = now > halfway ? (end - halfwayCommitted) / ((now - halfway) / 1e9) : overall;
                    return new Rate(overall, secondHalf, end, end - halfwayCommitted, now);
                }
                Thread.sleep(POLL_MS);
            }
            throw new IllegalStateException(group + " did not apply " + end + " records of " + topic + " in "
                    + timeoutSeconds + " s (at " + committed(admin, group, topic) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot follow group " + group, e);
        }
    }

    /**
     * Records/s over a whole run and over its second half.
     *
     * @param records           records of the topic, all applied
     * @param secondHalfRecords records applied from the halfway mark to the end
     * @param doneNanos         {@link System#nanoTime()} when every record was seen applied
     */
    record Rate(double overall, double secondHalf, long records, long secondHalfRecords, long doneNanos) {
    }

    /**
     * Waits until the members of {@code group} hold every partition of {@code topic}, so that a load sent next is not
     * timed from before the service's first rebalance.
     */
    void awaitAssigned(String topic, String group, long timeoutSeconds) {
        try (Admin admin = kafka.admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (System.nanoTime() < deadline) {
                long assigned = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(10, TimeUnit.SECONDS).members().stream()
                        .flatMap(member -> member.assignment().topicPartitions().stream())
                        .filter(partition -> partition.topic().equals(topic)).count();
                if (assigned >= partitions) {
                    return;
                }
                Thread.sleep(POLL_MS);
            }
            throw new IllegalStateException(group + " was not assigned the " + partitions + " partitions of " + topic
                    + " in " + timeoutSeconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe group " + group, e);
        }
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                .mapToLong(entry -> entry.getValue().offset()).sum();
    }
}
