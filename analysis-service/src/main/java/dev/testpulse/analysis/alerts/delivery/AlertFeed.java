package dev.testpulse.analysis.alerts.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.alerts.rules.RuleValidator;
import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.workers.Heartbeats;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The live feed behind {@code /api/v1/alerts/stream}, the same on every instance: it reads the alert topics
 * ({@code testpulse.alerts} and those under the rules' prefix) from the moment the feed started, so a client sees
 * every event whichever instance's relay published it. A partition the reader is newly assigned — on start, or a
 * topic a rule named that appeared since, found within {@value #METADATA_REFRESH_MS} ms — is read from the first
 * event published after the feed started (from its beginning when the topic is younger), never from its end: the
 * first events of a new {@code testpulse.alerts.<team>} topic are published before the reader knows of the topic, and
 * reading from the end would lose them. A partition read before continues where the reader left it. The last
 * {@value #REMEMBERED} events are kept for {@code Last-Event-ID}: a client that reconnects gets what it missed, from
 * memory, or from the outbox table when the event is older (or this instance younger) than that. An event seen twice
 * (a relay that published it again after a crash) is passed on once. The reader is a thread of its own, restarted
 * when it fails, with a heartbeat for readiness.
 */
@ApplicationScoped
public class AlertFeed {

    static final int REMEMBERED = 10_000;
    /** Events held for one client that reads slower than they come; past that its stream ends and it reconnects. */
    static final int CLIENT_BUFFER = 10_000;
    static final String WORKER = "alert feed";
    private static final Duration POSITIONED_AFTER = Duration.ofSeconds(15);
    /** How soon the reader finds a new alert topic; positioning, not this, is what keeps its first events. */
    static final int METADATA_REFRESH_MS = 5000;
    private static final Logger LOG = Logger.getLogger(AlertFeed.class);

    private final String bootstrap;
    private final Pattern topics;
    private final ObjectMapper mapper;
    private final AlertOutbox outbox;
    private final Heartbeats heartbeats;
    private final Deque<FeedEvent> recent = new ArrayDeque<>();
    private final Set<String> recentIds = new HashSet<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;
    private long appended;
    /** When the feed started: no event published since may be missed. */
    private volatile Instant startedAt = Instant.now();
    /** The next offset to read of each partition read so far (reader thread only), kept across a restarted reader. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();

    public AlertFeed(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, AnalysisConfig config, ObjectMapper mapper,
            AlertOutbox outbox, Heartbeats heartbeats) {
        this.bootstrap = bootstrap;
        this.topics = Pattern.compile(Pattern.quote(RuleValidator.DEFAULT_TOPIC) + "|" + Pattern.quote(config.alertTopicPrefix()) + ".+");
        this.mapper = mapper;
        this.outbox = outbox;
        this.heartbeats = heartbeats;
    }

    /** An event as the stream sends it: its id, its project, the CloudEvent JSON. */
    public record FeedEvent(String id, String project, String json) {
    }

    void start(@Observes StartupEvent start) {
        startedAt = Instant.now();
        // not ready until the reader is positioned: an event published before that would never reach a client
        heartbeats.registerPending(WORKER, Duration.ofSeconds(60));
        Thread reader = new Thread(this::readForever, "alert-feed");
        reader.setDaemon(true);
        reader.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        subscribers.forEach(subscriber -> subscriber.emitter().complete());
    }

    /**
     * The events of one project (all when null) from now on, preceded by those after {@code lastEventId} when given:
     * from memory if it is remembered, else from the outbox table (at most {@code replayLimit} events: the oldest after
     * the id; a client further behind than that gets them, then the live events, and what lies between only from
     * {@code GET /api/v1/alerts}). Subscribed on a worker thread: the table read is JDBC, which must never run on the
     * HTTP event loop that subscribes to the stream.
     */
    public Multi<FeedEvent> events(String project, String lastEventId, int replayLimit) {
        return Multi.createFrom().<FeedEvent>emitter(emitter -> {
            List<FeedEvent> stored = List.of();
            long mark;
            synchronized (this) {
                mark = appended;
            }
            if (lastEventId != null && !remembered(lastEventId)) {
                stored = outbox.publishedAfter(lastEventId, project, replayLimit);
            }
            Set<String> sent = new HashSet<>();
            synchronized (this) {
                stored.forEach(event -> {
                    sent.add(event.id());
                    emitter.emit(event);
                });
                List<FeedEvent> memory = new ArrayList<>(recent);
                int start = lastEventId != null && recentIds.contains(lastEventId) ? indexAfter(memory, lastEventId)
                        : (int) Math.max(0, memory.size() - (appended - mark)); // what arrived while the table was read
                for (FeedEvent event : memory.subList(Math.min(start, memory.size()), memory.size())) {
                    if ((project == null || project.equals(event.project())) && sent.add(event.id())) {
                        emitter.emit(event);
                    }
                }
                Subscriber subscriber = new Subscriber(project, emitter);
                subscribers.add(subscriber);
                emitter.onTermination(() -> subscribers.remove(subscriber));
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onOverflow().buffer(CLIENT_BUFFER); // a burst of events is held for a slow client, not a failure
    }

    private synchronized boolean remembered(String id) {
        return recentIds.contains(id);
    }

    private static int indexAfter(List<FeedEvent> memory, String id) {
        for (int i = memory.size() - 1; i >= 0; i--) {
            if (memory.get(i).id().equals(id)) {
                return i + 1;
            }
        }
        return 0;
    }

    synchronized void append(FeedEvent event) {
        if (!recentIds.add(event.id())) {
            return; // published again after a crash: subscribers already have it
        }
        recent.addLast(event);
        appended++;
        if (recent.size() > REMEMBERED) {
            recentIds.remove(recent.removeFirst().id());
        }
        for (Subscriber subscriber : subscribers) {
            if (subscriber.project() == null || subscriber.project().equals(event.project())) {
                subscriber.emitter().emit(event);
            }
        }
    }

    private void readForever() {
        while (running) {
            try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(properties())) {
                consumer = reader;
                reader.subscribe(topics, new Positioning(reader));
                long since = System.nanoTime();
                while (running) {
                    for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(500))) {
                        positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                        FeedEvent event = parse(record.value());
                        if (event != null) {
                            append(event);
                        }
                    }
                    // positioned once partitions are assigned; no alert topic at all yet is fine after a while
                    if (!reader.assignment().isEmpty() || System.nanoTime() - since > POSITIONED_AFTER.toNanos()) {
                        heartbeats.beat(WORKER);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.errorf("alert feed reader failed, starting it again in 1 s: %s", e.toString());
                heartbeats.restarted(WORKER);
                sleep();
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
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, String.valueOf(METADATA_REFRESH_MS),
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

    private record Subscriber(String project, MultiEmitter<? super FeedEvent> emitter) {
    }
}
