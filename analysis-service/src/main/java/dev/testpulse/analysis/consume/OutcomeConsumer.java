package dev.testpulse.analysis.consume;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.testpulse.analysis.consume.OutcomeBatchApplier.Applied;
import dev.testpulse.analysis.schema.SchemaMigration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Consumes {@code testpulse.outcomes} in batches. A batch that cannot be applied because PostgreSQL or Kafka is
 * away is retried until it can: the partition waits rather than skipping or losing records ({@link ConsumerProgress}
 * makes the wait visible). The partitions of a batch are applied concurrently, each in a transaction of its own with
 * its own offsets ({@link PartitionSlices}): a partition's slice that fails is retried alone while the others commit.
 * After each applied slice the same offsets are also committed to Kafka, for the tools that read a group's lag there;
 * PostgreSQL stays the source of truth for where to resume.
 */
@ApplicationScoped
public class OutcomeConsumer {

    public static final String CHANNEL = "outcomes";
    private static final Logger LOG = Logger.getLogger(OutcomeConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final OutcomeBatchApplier applier;
    private final SchemaMigration schema;
    private final DeadLetterRelay deadLetters;
    private final ConsumerProgress progress;
    private final KafkaClientService kafka;
    private final Counter consumed;
    private final Counter counted;
    private final Timer batchLatency;
    private final int parallelism;
    private final ExecutorService slicePool;

    public OutcomeConsumer(OutcomeBatchApplier applier, SchemaMigration schema, DeadLetterRelay deadLetters,
            ConsumerProgress progress, KafkaClientService kafka, MeterRegistry registry, ConsumerConfig config) {
        this.applier = applier;
        this.schema = schema;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.kafka = kafka;
        this.consumed = registry.counter("testpulse.analysis.outcomes.consumed");
        this.counted = registry.counter("testpulse.analysis.outcomes.counted");
        this.batchLatency = Timer.builder("testpulse.analysis.batch.latency")
                .description("Time to apply one consumed batch (one partition's slice of it) to PostgreSQL").register(registry);
        AtomicInteger threads = new AtomicInteger();
        this.parallelism = Math.max(1, config.partitionParallelism());
        this.slicePool = Executors.newFixedThreadPool(parallelism, task -> {
            Thread thread = new Thread(task, "outcome-partition-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    // JDBC is blocking, hence @Blocking; ordered, so the next batch comes only once every slice of this one is applied.
    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        progress.started(records);
        List<ConsumerRecords<String, String>> slices = PartitionSlices.of(records);
        if (slices.size() == 1 || parallelism == 1) {
            applyUntilDone(records);
        } else {
            applyConcurrently(slices);
        }
        progress.applied();
    }

    /**
     * Each partition's slice on a connection and in a transaction of its own, at most {@link ConsumerConfig#partitionParallelism}
     * at once; a slice that fails is retried on its own while the others commit.
     */
    private void applyConcurrently(List<ConsumerRecords<String, String>> slices) throws InterruptedException {
        List<Future<?>> running = new ArrayList<>(slices.size());
        for (ConsumerRecords<String, String> slice : slices) {
            running.add(slicePool.submit(() -> {
                applyUntilDone(slice);
                return null;
            }));
        }
        try {
            for (Future<?> slice : running) {
                slice.get();
            }
        } catch (ExecutionException e) {
            // applyUntilDone retries every failure itself: only an interrupt ends a slice early
            throw new IllegalStateException("a partition's slice ended without being applied", e.getCause());
        } finally {
            running.forEach(slice -> slice.cancel(true));
        }
    }

    /** Applies one batch (or one partition's slice of it), retrying until it is applied: the partition waits rather than skipping records. */
    private void applyUntilDone(ConsumerRecords<String, String> records) throws InterruptedException {
        long backoffMs = 100;
        while (true) {
            Timer.Sample sample = Timer.start();
            try {
                if (!schema.isMigrated()) {
                    throw new IllegalStateException("the database schema is not migrated yet");
                }
                Applied applied = applier.apply(records);
                sample.stop(batchLatency);
                consumed.increment(records.count());
                counted.increment(applied.counted());
                if (applied.deadLetters() > 0) {
                    deadLetters.publishPending();
                }
                commitToKafka(applied.nextOffsets());
                return;
            } catch (SQLException | RuntimeException e) {
                progress.failed(e);
                LOG.warnf("batch of %d records of %s not applied, retrying in %d ms: %s", records.count(), records.partitions(),
                        backoffMs, e.toString());
            }
            Thread.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
        }
    }

    @PreDestroy
    void stop() {
        slicePool.shutdownNow();
    }

    /**
     * Best effort, and not waited for: the commit runs on the connector's polling thread, in order, and a failed one
     * (rebalance, broker away) only makes the lag Kafka shows stale for a while. Waiting for it cost each batch a
     * round trip through the polling loop.
     */
    private void commitToKafka(Map<org.apache.kafka.common.TopicPartition, Long> next) {
        if (next.isEmpty()) {
            return;
        }
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = next.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue())));
        try {
            kafka.getConsumer(CHANNEL).commit(offsets).subscribe().with(done -> {
            }, failure -> LOG.debugf("offsets %s not committed to Kafka (PostgreSQL has them): %s", next, failure.toString()));
        } catch (RuntimeException e) {
            LOG.debugf("offsets %s not committed to Kafka (PostgreSQL has them): %s", next, e.toString());
        }
    }
}
