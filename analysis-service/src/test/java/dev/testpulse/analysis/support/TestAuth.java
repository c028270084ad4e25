package dev.testpulse.analysis.support;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.testpulse.auth.TokenCodec;
import dev.testpulse.auth.TokenRecord;
import dev.testpulse.auth.Tokens;
import dev.testpulse.devstack.DevStack;
import io.restassured.specification.RequestSpecification;

/** Tokens for analysis-service's tests: the %test admin token, and project tokens put on the token topic as ingest does. */
public final class TestAuth {

    /** The admin token of the %test profile. */
    public static final String ADMIN = "test-admin-token";

    private TestAuth() {
    }

    public static RequestSpecification asAdmin() {
        return as(ADMIN);
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** Writes a new token of {@code project} to the token topic and returns its record (the secret is {@code secret}). */
    public static TokenRecord publish(String project, String secret) {
        TokenRecord token = new TokenRecord(Tokens.newId(), project, Tokens.sha256(secret), "test", Instant.now(), null);
        send(token.id(), TokenCodec.write(token));
        return token;
    }

    /** Writes any record to the token topic, e.g. one that is not a token. */
    public static void send(String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(DevStack.TOKENS_TOPIC, key, value)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("token topic not writable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
