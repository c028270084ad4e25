package dev.testpulse.analysis.alerts.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.alerts.delivery.AlertFeed.FeedEvent;
import dev.testpulse.analysis.workers.Heartbeats;

/**
 * The {@link AlertFeed}'s reader of the alert topics, on a thread of its own: each event read goes to the feed
 * ({@code sink}); a reader that fails is started again, keeping each partition's position; a newly assigned partition
 * is read from the first event published after the feed started.
 */
final class FeedReader {

    private static final Logger LOG = Logger.getLogger(FeedReader.class);
    private static final Duration POSITIONED_AFTER = Duration.ofSeconds(15);

    private final String bootstrap;
    private final Pattern topics;
    private final ObjectMapper mapper;
    private final Heartbeats heartbeats;
    private final Consumer<FeedEvent> sink;
    /** When the feed started: no event published since may be missed. */
    private final Instant startedAt;
    /** The next offset to read of each partition read so far (reader thread only), kept across a restarted reader. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;

    FeedReader(String bootstrap, Pattern topics, ObjectMapper mapper, Heartbeats heartbeats, Consumer<FeedEvent> sink, Instant startedAt) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.mapper = mapper;
        this.heartbeats = heartbeats;
        this.sink = sink;
        this.startedAt = startedAt;
    }

    void stop() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    void run() {
        while (running) {
            try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(properties())) {
                consumer = reader;
                reader.subscribe(topics, new Positioning(reader));
                read(reader);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.errorf("alert feed reader failed, starting it again in 1 s: %s", e.toString());
                heartbeats.restarted(AlertFeed.WORKER);
                sleep();
            }
        }
    }

    private void read(KafkaConsumer<String, String> reader) {
        long since = System.nanoTime();
        while (running) {
            for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(500))) {
                positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                FeedEvent event = parse(record.value());
                if (event != null) {
                    sink.accept(event);
                }
            }
            // positioned once partitions are assigned; no alert topic at all yet is fine after a while
            if (!reader.assignment().isEmpty() || System.nanoTime() - since > POSITIONED_AFTER.toNanos()) {
                heartbeats.beat(AlertFeed.WORKER);
            }
        }
    }

    private FeedEvent parse(String value) {
        try {
            JsonNode event = mapper.readTree(value);
            JsonNode id = event.path("id");
            if (!id.isTextual()) {
                return null;
            }
            JsonNode project = event.path("data").path("project");
            return new FeedEvent(id.asText(), project.isTextual() ? project.asText() : null, value);
        } catch (Exception e) {
            LOG.warnf("alert feed: a record on an alert topic is not a CloudEvent, skipped: %s", e.toString());
            return null;
        }
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                // a group of its own per instance and start: every instance sees every event, none commits
                ConsumerConfig.GROUP_ID_CONFIG, "testpulse-analysis-feed-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, String.valueOf(AlertFeed.METADATA_REFRESH_MS),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        return properties;
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Positions each newly assigned partition: where the reader left it, else at the first event stamped at or after
     * the feed's start, else (none yet) at its end as it was before that was looked up, so an event published while
     * positioning is read, not skipped.
     */
    private final class Positioning implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, String> reader;

        Positioning(KafkaConsumer<String, String> reader) {
            this.reader = reader;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            List<TopicPartition> fresh = new ArrayList<>();
            for (TopicPartition partition : assigned) {
                Long next = positions.get(partition);
                if (next != null) {
                    reader.seek(partition, next);
                } else {
                    fresh.add(partition);
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> ends = reader.endOffsets(fresh);
            Map<TopicPartition, Long> since = new HashMap<>();
            fresh.forEach(partition -> since.put(partition, startedAt.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> first = reader.offsetsForTimes(since);
            for (TopicPartition partition : fresh) {
                OffsetAndTimestamp found = first.get(partition);
                long offset = found != null ? found.offset() : ends.getOrDefault(partition, 0L);
                reader.seek(partition, offset);
                positions.put(partition, offset);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            // positions stay: a partition assigned again continues where it was left
        }
    }
}
