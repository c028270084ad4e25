package dev.testpulse.ingest.publish;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.ingest.IngestConfig;
import dev.testpulse.ingest.outcome.Outcome;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;
import dev.testpulse.shared.stream.StreamPosition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Publishes outcomes to {@code testpulse.outcomes} and returns only once Kafka acknowledged every one of them
 * (acks=all, idempotent producer, see application.properties). Anything short of that is a 503: ingest never
 * claims to have what it could still lose.
 *
 * <p>Records go straight to the channel's own Kafka producer, with a plain callback each: sending them as messages
 * through the emitter cost a Mutiny pipeline, context propagation and a hop to the connector's sending thread per
 * record, and the acknowledgements of all requests then queued behind that work on the producer's single network
 * thread (the benchmark's profile, docs/benchmarks.md). The channel keeps its configuration and health checks.
 */
@ApplicationScoped
public class OutcomePublisher {

    /** Channel name shared by code, configuration and tests. */
    public static final String CHANNEL = "outcomes";

    private static final Logger LOG = Logger.getLogger(OutcomePublisher.class);

    private final KafkaClientService kafka;
    private final String topic;
    private final ObjectMapper mapper;
    private final IngestConfig config;
    private final Timer publishLatency;
    private volatile Producer<String, byte[]> producer;

    /**
     * @param channel never sent through; injecting it is what makes the connector create the channel's producer (with
     *                its configuration, health check and metrics) that {@link KafkaClientService} then hands out
     */
    public OutcomePublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> channel, KafkaClientService kafka,
            @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic") String topic,
            ObjectMapper mapper, IngestConfig config, MeterRegistry registry) {
        this.kafka = kafka;
        this.topic = topic;
        this.mapper = mapper;
        this.config = config;
        this.publishLatency = Timer.builder("testpulse.ingest.publish.latency")
                .description("Time from the first send until Kafka acknowledged every outcome of a request")
                .publishPercentileHistogram()
                .register(registry);
    }

    /**
     * @return where the outcomes lie on the topic, for the caller's read-your-writes
     * @throws ProblemException 503 with Retry-After when Kafka did not acknowledge everything
     */
    public StreamPosition publish(List<Outcome> outcomes) {
        return publish(batch -> outcomes.forEach(batch::send));
    }

    /**
     * Runs {@code producer}, which sends outcomes into the batch as it makes them, then waits for every
     * acknowledgement. @return where the outcomes Kafka acknowledged lie on the topic
     * @throws ProblemException 503 with Retry-After when Kafka did not acknowledge everything
     */
    public StreamPosition publish(Consumer<PublishBatch> producer) {
        PublishBatch batch = new PublishBatch(this::send, config.maxInFlightPerRequest(), config.publishTimeout());
        Timer.Sample sample = Timer.start();
        try {
            producer.accept(batch);
            batch.awaitAll();
            sample.stop(publishLatency);
            return batch.position();
        } catch (PublishBatch.PublishFailedException e) {
            LOG.warnf("publishing failed: %s", e.getMessage());
            Problem problem = Problem.of(ProblemType.KAFKA_UNAVAILABLE, "Kafka did not acknowledge every outcome ("
                    + e.getMessage() + "); nothing is confirmed. Retry the same upload: outcome ids make a retry count once.");
            throw new ProblemException(problem, Map.of("Retry-After", config.retryAfterSeconds()), e);
        }
    }

    private void send(Outcome outcome, Callback done) {
        try {
            producer().send(new ProducerRecord<>(topic, outcome.key(), mapper.writeValueAsBytes(outcome)), done);
        } catch (JsonProcessingException e) {
            done.onCompletion(null, new IllegalStateException("an Outcome record always serialises", e));
        } catch (RuntimeException e) {
            // the producer refuses synchronously when it cannot get the topic's metadata within max.block.ms
            done.onCompletion(null, e);
        }
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> current = producer;
        if (current == null) {
            current = kafka.<String, byte[]>getProducer(CHANNEL).unwrap();
            producer = current;
        }
        return current;
    }
}
