package dev.testpulse.ingest.publish;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.producer.Callback;

import dev.testpulse.ingest.outcome.Outcome;
import dev.testpulse.shared.stream.StreamPosition;

/**
 * The outcomes of one request on their way to Kafka: sent as they are produced, at most {@code maxInFlight}
 * unacknowledged at a time (bounded memory whatever the upload size), and {@link #awaitAll()} returns only once
 * Kafka acknowledged every one. Any failure, or no progress for {@code stallTimeout}, fails the batch.
 */
public final class PublishBatch {

    private final BiConsumer<Outcome, Callback> send;
    private final int maxInFlight;
    private final Duration stallTimeout;
    private final Semaphore inFlight;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Per partition, the offset after the last acknowledged record: the batch's {@link StreamPosition}. */
    private final Map<Integer, Long> nextOffsets = new ConcurrentHashMap<>();
    private int sent;

    /** @param send hands one outcome to Kafka and calls the callback once it was acknowledged or failed */
    PublishBatch(BiConsumer<Outcome, Callback> send, int maxInFlight, Duration stallTimeout) {
        this.send = send;
        this.maxInFlight = maxInFlight;
        this.stallTimeout = stallTimeout;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Sends one outcome, waiting while {@code maxInFlight} are unacknowledged. */
    public void send(Outcome outcome) {
        failIfFailed();
        acquire(1);
        sent++;
        // runs on the producer's network thread, which acknowledges every request's records: keep it this small
        send.accept(outcome, (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            } else if (metadata != null && metadata.hasOffset()) {
                nextOffsets.merge(metadata.partition(), metadata.offset() + 1, Math::max);
            }
            inFlight.release();
        });
    }

    /** Waits until Kafka acknowledged everything sent; throws {@link PublishFailedException} otherwise. */
    public int awaitAll() {
        acquire(maxInFlight);
        inFlight.release(maxInFlight);
        failIfFailed();
        return sent;
    }

    /** Where the acknowledged records lie, once {@link #awaitAll()} returned. */
    public StreamPosition position() {
        return new StreamPosition(nextOffsets);
    }

    private void acquire(int permits) {
        try {
            if (!inFlight.tryAcquire(permits, stallTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new PublishFailedException("no acknowledgement from Kafka for " + stallTimeout.toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting for Kafka", e);
        }
    }

    private void failIfFailed() {
        Throwable error = failure.get();
        if (error != null) {
            throw new PublishFailedException("Kafka refused an outcome: " + error, error);
        }
    }

    /** The batch did not reach Kafka whole. */
    public static final class PublishFailedException extends RuntimeException {
        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
