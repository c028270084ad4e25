package dev.testpulse.auth;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Every instance's view of the project tokens, in both services: it reads the whole compacted token topic on start
 * and then follows it, so a token created or revoked anywhere takes effect everywhere within a poll. Lookups are in
 * memory: an unavailable Kafka never stops authentication. A record that is not a token is skipped and logged; if
 * the reader fails anyway, {@link #healthy()} turns false and it starts over with a new consumer after a pause.
 */
public final class TokenRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TokenRegistry.class);
    static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

    private final Map<String, TokenRecord> byHash = new ConcurrentHashMap<>();
    private final Map<String, TokenRecord> byId = new ConcurrentHashMap<>();
    private final String topic;
    private final Supplier<Consumer<String, String>> consumers;
    private final Runnable createTopic;
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    // One long-lived poll loop is how a Kafka consumer is used; it owns its thread and nothing else runs on it.
    private final Thread poller;
    private volatile Consumer<String, String> consumer;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile boolean healthy = true;

    TokenRegistry(String topic, String name, Supplier<Consumer<String, String>> consumers, Runnable createTopic) {
        this.topic = topic;
        this.consumers = consumers;
        this.createTopic = createTopic;
        this.poller = new Thread(this::supervise, name);
        this.poller.setDaemon(true);
    }

    /** A registry on a real broker; {@code clientId} names the reader in the broker's logs and this JVM's threads. */
    public static TokenRegistry start(String bootstrap, String topic, String clientId) {
        TokenRegistry registry = new TokenRegistry(topic, clientId, () -> new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                // never let a lookup auto-create the topic uncompacted: createTopic() makes it right
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new StringDeserializer()), () -> createCompacted(bootstrap, topic));
        registry.begin();
        return registry;
    }

    void begin() {
        poller.start();
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

    /** False while the reader is down after a failure (it restarts by itself): tokens may be stale meanwhile. */
    public boolean healthy() {
        return healthy && poller.isAlive();
    }

    /** Records on the topic that were not tokens, skipped since start. */
    public long skipped() {
        return skipped.get();
    }

    /** How often the reader failed and started over. */
    public long restarts() {
        return restarts.get();
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

    @Override
    public void close() {
        running = false;
        Consumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            poller.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the reader; whatever stops it short of close() is logged once per failure and the reader starts over. */
    private void supervise() {
        while (running) {
            try {
                follow();
            } catch (RuntimeException | Error e) {
                if (!running) {
                    break;
                }
                healthy = false;
                restarts.incrementAndGet();
                LOG.errorf(e, "token reader on %s failed; restarting it in %d s", topic, RESTART_PAUSE.toSeconds());
                pause(RESTART_PAUSE);
            }
        }
    }

    private void follow() {
        try (Consumer<String, String> session = consumers.get()) {
            consumer = session;
            Map<TopicPartition, Long> startEnds = null;
            while (running) {
                try {
                    if (session.assignment().isEmpty()) {
                        startEnds = assign(session);
                        continue;
                    }
                    for (ConsumerRecord<String, String> record : session.poll(Duration.ofMillis(500))) {
                        apply(record.key(), record.value(), record.offset());
                    }
                    healthy = true;
                    if (!caughtUp && startEnds.entrySet().stream().allMatch(end -> session.position(end.getKey()) >= end.getValue())) {
                        caughtUp = true;
                        LOG.infof("token registry caught up on %s: %d token(s)", topic, byId.size());
                    }
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    LOG.warnf("token topic %s not readable yet, retrying: %s", topic, e.getMessage());
                    pause(RESTART_PAUSE);
                }
            }
        }
    }

    private Map<TopicPartition, Long> assign(Consumer<String, String> session) {
        List<PartitionInfo> partitions = session.partitionsFor(topic, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
            createTopic.run();
            return null;
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        session.assign(assigned);
        session.seekToBeginning(assigned);
        return session.endOffsets(assigned, Duration.ofSeconds(10));
    }

    /** Applies one record of the topic; anything that is not a token is counted, logged and skipped. */
    synchronized void apply(String key, String value, long offset) {
        if (value == null) {
            TokenRecord gone = key == null ? null : byId.remove(key);
            if (gone != null) {
                byHash.remove(gone.sha256());
            }
        } else {
            try {
                TokenRecord token = TokenCodec.read(value);
                TokenRecord previous = byId.put(token.id(), token);
                if (previous != null && !previous.sha256().equals(token.sha256())) {
                    byHash.remove(previous.sha256());
                }
                byHash.put(token.sha256(), token);
            } catch (TokenCodec.NotATokenException e) {
                skipped.incrementAndGet();
                LOG.errorf("record at %s@%d (key %s) skipped: %s", topic, offset, key, e.getMessage());
            }
        }
        notifyAll();
    }

    /** The token topic is compacted: the latest record per token id is all that matters, forever. */
    private static void createCompacted(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(10, TimeUnit.SECONDS);
            LOG.infof("created compacted token topic %s", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("cannot create token topic %s: %s", topic, e.getCause().toString());
                pause(RESTART_PAUSE);
            }
        } catch (TimeoutException e) {
            LOG.warnf("timed out creating token topic %s", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
