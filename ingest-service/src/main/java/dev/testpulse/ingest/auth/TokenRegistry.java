package dev.testpulse.ingest.auth;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.ingest.IngestConfig;
import io.quarkus.runtime.Startup;

/**
 * Every instance's view of the project tokens: it reads the whole compacted token topic on start and then follows
 * it, so a token created or revoked on any instance takes effect on all of them within a poll (well under a
 * minute). Lookups are in memory: an unavailable Kafka never stops authentication.
 */
@Startup
@ApplicationScoped
public class TokenRegistry {

    private static final Logger LOG = Logger.getLogger(TokenRegistry.class);

    private final Map<String, TokenRecord> byHash = new ConcurrentHashMap<>();
    private final Map<String, TokenRecord> byId = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final String bootstrap;
    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    // One long-lived poll loop is how a Kafka consumer is used; it owns its thread and nothing else runs on it.
    private final Thread poller;
    private volatile boolean running = true;
    private volatile boolean caughtUp;

    public TokenRegistry(ObjectMapper mapper, IngestConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.mapper = mapper;
        this.bootstrap = bootstrap;
        this.topic = config.tokensTopic();
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "ingest-token-registry",
                // never let a lookup auto-create the topic uncompacted: createTopic() makes it right
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        this.poller = new Thread(this::follow, "ingest-token-registry");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    /** The active token with this secret, if any. */
    public Optional<TokenRecord> find(String secret) {
        return Optional.ofNullable(byHash.get(Tokens.sha256(secret))).filter(TokenRecord::active);
    }

    public Optional<TokenRecord> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<TokenRecord> all() {
        return List.copyOf(byId.values());
    }

    /** True once the topic was read to the end offsets seen at start: before that, a valid token may look unknown. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public String topic() {
        return topic;
    }

    /** Waits until this instance has applied a record that satisfies {@code seen}; false on timeout. */
    public synchronized boolean awaitSeen(String id, Predicate<TokenRecord> seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (byId.get(id) == null || !seen.test(byId.get(id))) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void follow() {
        Map<TopicPartition, Long> startEnds = null;
        while (running) {
            try {
                if (consumer.assignment().isEmpty()) {
                    startEnds = assign();
                    continue;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                if (!caughtUp && startEnds.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                    caughtUp = true;
                    LOG.infof("token registry caught up: %d token(s)", byId.size());
                }
            } catch (WakeupException e) {
                break;
            } catch (KafkaException e) {
                LOG.warnf("token topic not readable yet, retrying: %s", e.getMessage());
                pause();
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private Map<TopicPartition, Long> assign() {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
            createTopic();
            return null;
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        return consumer.endOffsets(assigned, Duration.ofSeconds(10));
    }

    /** The token topic is compacted: the latest record per token id is all that matters, forever. */
    private void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(10, TimeUnit.SECONDS);
            LOG.infof("created compacted token topic %s", topic);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("cannot create token topic %s: %s", topic, e.getCause().toString());
                pause();
            }
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warnf("timed out creating token topic %s", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private synchronized void apply(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            TokenRecord gone = byId.remove(record.key());
            if (gone != null) {
                byHash.remove(gone.sha256());
            }
        } else {
            try {
                TokenRecord token = mapper.readValue(record.value(), TokenRecord.class);
                byId.put(token.id(), token);
                byHash.put(token.sha256(), token);
            } catch (JsonProcessingException e) {
                LOG.errorf("unreadable token record at %s@%d skipped: %s", record.topic(), record.offset(), e.getOriginalMessage());
            }
        }
        notifyAll();
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
