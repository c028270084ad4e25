package dev.testpulse.analysis.consume;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A dead letter the broker will not take never holds back the others: a record just under 1 MiB is fine on the
 * outcomes topic, but as a dead letter its reason and origin headers push it past the producer's 1 MiB request size.
 * It is refused, tried again after a pause, set aside after {@code dead-letter-attempts} (2 in %test) refused tries,
 * counted, and listed by the admin API; a dead letter that came after it is published once and marked sent.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class DeadLetterRelayTest {

    /** The producer's default max.request.size is 1,048,576 bytes; the record alone fits the topic, with headers not. */
    private static final int NEAR_ONE_MIB = 1_048_500;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    DataSource dataSource;

    @Test
    void anUnpublishableDeadLetterIsSetAsideAndTheOnesAfterItGo() throws Exception {
        String bigKey = "dlq-big-" + UUID.randomUUID();
        String laterKey = "dlq-later-" + UUID.randomUUID();
        // not JSON, so a dead letter; compressible, so the test's producer gets it onto the topic in a small batch
        RecordMetadata big = produce(bigKey, "x".repeat(NEAR_ONE_MIB));
        String bigOrigin = DevStack.OUTCOMES_TOPIC + "/" + big.partition() + "@" + big.offset();
        await().atMost(WAIT).until(() -> stored(bigKey));

        produce(laterKey, "not an outcome either");
        await().atMost(WAIT).until(() -> sent(laterKey));
        assertThat(OutcomeTopic.readToEnd(DevStack.OUTCOMES_DLQ_TOPIC, laterKey)).as("the later dead letter, published once")
                .hasSize(1);

        await().atMost(WAIT).untilAsserted(() -> asAdmin().get("/api/v1/admin/dead-letters").then().statusCode(200)
                .body("find { it.origin == '" + bigOrigin + "' }.category", equalTo("invalid")));
        Map<String, Object> setAside = asAdmin().get("/api/v1/admin/dead-letters").then().statusCode(200).extract()
                .jsonPath().getMap("find { it.origin == '" + bigOrigin + "' }");
        assertThat(setAside.get("value_bytes")).isEqualTo(NEAR_ONE_MIB);
        assertThat(setAside.get("attempts")).isEqualTo(2);
        assertThat((String) setAside.get("last_error")).contains("RecordTooLargeException");
        assertThat(setAside.get("set_aside_at")).isNotNull();
        assertThat(OutcomeTopic.readToEnd(DevStack.OUTCOMES_DLQ_TOPIC, bigKey)).isEmpty();
        List<String> waiting = asAdmin().queryParam("state", "waiting").get("/api/v1/admin/dead-letters").then().statusCode(200)
                .extract().jsonPath().getList("origin");
        assertThat(waiting).doesNotContain(bigOrigin);
        when().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*testpulse_analysis_outcomes_dead_letters_set_aside_total [1-9].*"));
    }

    @Test
    void theListIsTheAdminsAndItsParametersAreChecked() {
        given().get("/api/v1/admin/dead-letters").then().statusCode(401);
        asAdmin().queryParam("state", "lost").get("/api/v1/admin/dead-letters").then().statusCode(400)
                .contentType("application/problem+json");
        asAdmin().queryParam("limit", 0).get("/api/v1/admin/dead-letters").then().statusCode(400)
                .contentType("application/problem+json");
    }

    private static RecordMetadata produce(String key, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024), new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(DevStack.OUTCOMES_TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private boolean stored(String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select 1 from dead_letters where record_key = ?")) {
            query.setBytes(1, key.getBytes(StandardCharsets.UTF_8));
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private boolean sent(String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select sent_at is not null from dead_letters where record_key = ?")) {
            query.setBytes(1, key.getBytes(StandardCharsets.UTF_8));
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
