package dev.testpulse.analysis.consume;

import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumes {@code testpulse.outcomes} in batches. A batch that cannot be applied because PostgreSQL or Kafka is
 * away is retried until it can: the partition waits rather than skipping or losing records.
 */
@ApplicationScoped
public class OutcomeConsumer {

    public static final String CHANNEL = "outcomes";
    private static final Logger LOG = Logger.getLogger(OutcomeConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final OutcomeBatchApplier applier;
    private final Counter consumed;
    private final Counter counted;
    private final Timer batchLatency;

    public OutcomeConsumer(OutcomeBatchApplier applier, MeterRegistry registry) {
        this.applier = applier;
        this.consumed = registry.counter("testpulse.analysis.outcomes.consumed");
        this.counted = registry.counter("testpulse.analysis.outcomes.counted");
        this.batchLatency = Timer.builder("testpulse.analysis.batch.latency")
                .description("Time to apply one consumed batch to PostgreSQL").register(registry);
    }

    // JDBC is blocking, hence @Blocking; ordered, so batches of a partition are applied in sequence.
    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        long backoffMs = 100;
        while (true) {
            Timer.Sample sample = Timer.start();
            try {
                int fresh = applier.apply(records);
                sample.stop(batchLatency);
                consumed.increment(records.count());
                counted.increment(fresh);
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("batch of %d records not applied, retrying in %d ms: %s", records.count(), backoffMs, e.toString());
            }
            Thread.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
        }
    }
}
