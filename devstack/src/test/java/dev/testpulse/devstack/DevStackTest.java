package dev.testpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stack the services' tests rely on: a broker that carries records and survives a restart, a database that answers. */
class DevStackTest {

    private static DevStack stack;

    @BeforeAll
    static void startStack() {
        stack = DevStack.start();
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void brokerCarriesRecordsAcrossARestart() throws Exception {
        String topic = "devstack-test";
        stack.kafka().createTopics(1, topic);
        send(topic, "before-restart");

        stack.kafka().stop();
        assertThat(stack.kafka().isRunning()).isFalse();
        stack.kafka().restart();
        send(topic, "after-restart");

        assertThat(readAll(topic, 2)).containsExactly("before-restart", "after-restart");
    }

    @Test
    void createsTheTopicsTestpulseUses() throws Exception {
        try (var admin = stack.kafka().admin()) {
            var topics = admin.describeTopics(List.of(DevStack.OUTCOMES_TOPIC, DevStack.OUTCOMES_DLQ_TOPIC, DevStack.ALERTS_TOPIC))
                    .allTopicNames().get(20, TimeUnit.SECONDS);
            assertThat(topics.get(DevStack.OUTCOMES_TOPIC).partitions()).hasSize(DevStack.OUTCOME_PARTITIONS);
            assertThat(topics).containsKeys(DevStack.OUTCOMES_DLQ_TOPIC, DevStack.ALERTS_TOPIC);
        }
    }

    @Test
    void databaseAnswersOverJdbcAndSurvivesARestart() throws Exception {
        assertThat(selectOne()).isEqualTo(1);
        stack.postgres().stop();
        stack.postgres().restart();
        assertThat(selectOne()).isEqualTo(1);
    }

    private static int selectOne() throws Exception {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), PostgresServer.USER, "x");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void send(String topic, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "devstack-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
