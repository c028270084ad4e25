package dev.testpulse.analysis.consume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Sends records analysis-service cannot use to {@code testpulse.outcomes.dlq}, unchanged, with the reason and their
 * origin in headers. Awaited before the batch commits, so a dead letter is never lost with its offset.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String CHANNEL = "outcomes-dlq";
    public static final String REASON_HEADER = "testpulse-dlq-reason";
    public static final String ORIGIN_HEADER = "testpulse-dlq-origin";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;
    private final MeterRegistry registry;

    public DeadLetters(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> emitter,
            MeterRegistry registry) {
        this.emitter = emitter;
        this.registry = registry;
    }

    /** Publishes them all and waits for Kafka's acknowledgement; throws if Kafka did not take them. */
    public void send(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        Multi.createFrom().iterable(letters)
                .onItem().transformToUni(letter -> emitter.sendMessage(toRecord(letter))).merge(256)
                .onItem().ignoreAsUni()
                .await().atMost(Duration.ofSeconds(30));
        letters.forEach(letter -> {
            LOG.warnf("dead letter %s: %s", letter.origin(), letter.reason());
            registry.counter("testpulse.analysis.outcomes.dead.letters", "reason", letter.category()).increment();
        });
    }

    private static KafkaRecord<String, String> toRecord(DeadLetter letter) {
        return KafkaRecord.of(letter.record().key(), letter.record().value())
                .withHeader(REASON_HEADER, letter.reason().getBytes(StandardCharsets.UTF_8))
                .withHeader(ORIGIN_HEADER, letter.origin().getBytes(StandardCharsets.UTF_8));
    }

    /** A record and why it cannot be used; {@code category} is a short metric tag. */
    public record DeadLetter(ConsumerRecord<String, String> record, String category, String reason) {
        String origin() {
            return record.topic() + "/" + record.partition() + "@" + record.offset();
        }
    }
}
