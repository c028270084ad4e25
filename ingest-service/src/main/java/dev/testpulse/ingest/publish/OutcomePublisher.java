package dev.testpulse.ingest.publish;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.ingest.IngestConfig;
import dev.testpulse.ingest.outcome.Outcome;
import dev.testpulse.ingest.problem.Problem;
import dev.testpulse.ingest.problem.ProblemException;
import dev.testpulse.ingest.problem.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Publishes outcomes to {@code testpulse.outcomes} and returns only once Kafka acknowledged every one of them
 * (acks=all, idempotent producer, see application.properties). Anything short of that is a 503: ingest never
 * claims to have what it could still lose.
 */
@ApplicationScoped
public class OutcomePublisher {

    /** Channel name shared by code, configuration and tests. */
    public static final String CHANNEL = "outcomes";

    private static final Logger LOG = Logger.getLogger(OutcomePublisher.class);

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper mapper;
    private final IngestConfig config;
    private final Timer publishLatency;

    // Each request bounds its own in-flight records (PublishBatch), so the emitter's buffer stays bounded.
    public OutcomePublisher(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> emitter,
            ObjectMapper mapper, IngestConfig config, MeterRegistry registry) {
        this.emitter = emitter;
        this.mapper = mapper;
        this.config = config;
        this.publishLatency = Timer.builder("testpulse.ingest.publish.latency")
                .description("Time from the first send until Kafka acknowledged every outcome of a request")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** @throws ProblemException 503 with Retry-After when Kafka did not acknowledge everything */
    public void publish(List<Outcome> outcomes) {
        publish(batch -> outcomes.forEach(batch::send));
    }

    /**
     * Runs {@code producer}, which sends outcomes into the batch as it makes them, then waits for every
     * acknowledgement. @return how many outcomes Kafka acknowledged
     * @throws ProblemException 503 with Retry-After when Kafka did not acknowledge everything
     */
    public int publish(Consumer<PublishBatch> producer) {
        PublishBatch batch = new PublishBatch(this::send, config.maxInFlightPerRequest(), config.publishTimeout());
        Timer.Sample sample = Timer.start();
        try {
            producer.accept(batch);
            int acknowledged = batch.awaitAll();
            sample.stop(publishLatency);
            return acknowledged;
        } catch (PublishBatch.PublishFailedException e) {
            LOG.warnf("publishing failed: %s", e.getMessage());
            Problem problem = Problem.of(ProblemType.KAFKA_UNAVAILABLE, "Kafka did not acknowledge every outcome ("
                    + e.getMessage() + "); nothing is confirmed. Retry the same upload: outcome ids make a retry count once.");
            throw new ProblemException(problem, Map.of("Retry-After", config.retryAfterSeconds()), e);
        }
    }

    private Uni<Void> send(Outcome outcome) {
        try {
            return emitter.sendMessage(KafkaRecord.of(outcome.key(), mapper.writeValueAsString(outcome)));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("an Outcome record always serialises", e));
        } catch (RuntimeException e) {
            // the emitter refuses synchronously when its channel is down
            return Uni.createFrom().failure(e);
        }
    }
}
