package dev.testpulse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The registry against Kafka's own MockConsumer: what it keeps, what it skips, and how it survives its reader failing. */
class TokenRegistryTest {

    private static final String TOPIC = "tokens";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final String CLOUD_EVENT = """
            {"specversion":"1.0","id":"6d45","source":"/testpulse/analysis-service","type":"dev.testpulse.alert.fired",
             "data":{"project":"webshop","status":"firing"}}""";

    @Test
    void skipsRecordsThatAreNotTokensAndKeepsReading() {
        String secret = Tokens.newSecret();
        TokenRecord token = token("webshop", secret);
        MockConsumer<String, String> consumer = consumer(4);
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(0, "5469d6b6", CLOUD_EVENT));
            consumer.addRecord(record(1, "x", "not json at all"));
            consumer.addRecord(record(2, "y", "{\"id\":\"tok_1\",\"project\":\"webshop\"}"));
            consumer.addRecord(record(3, token.id(), TokenCodec.write(token)));
        });
        try (TokenRegistry registry = registry(consumer)) {
            await().atMost(Duration.ofSeconds(10)).until(registry::caughtUp);
            assertThat(registry.find(secret)).contains(token);
            assertThat(registry.skipped()).isEqualTo(3);
            assertThat(registry.healthy()).isTrue();
            assertThat(registry.restarts()).isZero();
        }
    }

    @Test
    void aReaderThatFailsIsUnhealthyUntilItRestartedAndCaughtUpAgain() {
        String secret = Tokens.newSecret();
        TokenRecord token = token("webshop", secret);
        MockConsumer<String, String> failing = consumer(0);
        AtomicInteger polls = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            failing.schedulePollTask(polls::incrementAndGet);
        }
        failing.schedulePollTask(() -> {
            throw new IllegalStateException("reader broke");
        });
        MockConsumer<String, String> second = consumer(1);
        second.schedulePollTask(() -> second.addRecord(record(0, token.id(), TokenCodec.write(token))));
        ConcurrentLinkedQueue<Consumer<String, String>> sessions = new ConcurrentLinkedQueue<>(List.of(failing, second));
        TokenRegistry registry = new TokenRegistry(TOPIC, "test-tokens", sessions::remove, () -> {
        });
        registry.begin();
        try (registry) {
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.restarts() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(secret).isPresent());
            await().atMost(Duration.ofSeconds(10)).until(registry::healthy);
            assertThat(failing.closed()).isTrue();
        }
    }

    @Test
    void aRevocationReplacesTheTokenAndATombstoneRemovesIt() {
        String secret = Tokens.newSecret();
        TokenRecord token = token("webshop", secret);
        MockConsumer<String, String> consumer = consumer(0);
        try (TokenRegistry registry = registry(consumer)) {
            registry.apply(token.id(), TokenCodec.write(token), 0);
            assertThat(registry.find(secret)).isPresent();
            registry.apply(token.id(), TokenCodec.write(token.revoked(Instant.now())), 1);
            assertThat(registry.find(secret)).isEmpty();
            assertThat(registry.byId(token.id())).isPresent();
            registry.apply(token.id(), null, 2);
            assertThat(registry.byId(token.id())).isEmpty();
            registry.apply(null, null, 3);
            assertThat(registry.skipped()).isZero();
        }
    }

    private static TokenRegistry registry(MockConsumer<String, String> consumer) {
        TokenRegistry registry = new TokenRegistry(TOPIC, "test-tokens", () -> consumer, () -> {
        });
        registry.begin();
        return registry;
    }

    private static MockConsumer<String, String> consumer(long end) {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, end));
        return consumer;
    }

    private static ConsumerRecord<String, String> record(long offset, String key, String value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, key, value);
    }

    private static TokenRecord token(String project, String secret) {
        return new TokenRecord(Tokens.newId(), project, Tokens.sha256(secret), "ci", Instant.parse("2026-11-30T10:00:00Z"), null);
    }
}
