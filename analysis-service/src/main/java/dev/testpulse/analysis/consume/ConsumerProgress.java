package dev.testpulse.analysis.consume;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Makes a stuck consumer visible: how old the oldest record waiting to be applied is and how long the batch in hand
 * has been failing (metrics), and the state {@link ConsumerReadiness} reports.
 */
@ApplicationScoped
public class ConsumerProgress {

    static final Duration STUCK_AFTER = Duration.ofSeconds(5);

    private volatile long oldestInFlightMillis = -1;
    private volatile Instant failingSince;
    private volatile String lastError;

    public ConsumerProgress(MeterRegistry registry) {
        Gauge.builder("testpulse.analysis.consumer.oldest.unapplied.age", this, ConsumerProgress::oldestUnappliedAgeSeconds)
                .description("Age of the oldest consumed record not yet applied (0 when every consumed record is applied)")
                .baseUnit("seconds").register(registry);
        Gauge.builder("testpulse.analysis.consumer.failing", this, ConsumerProgress::failingSeconds)
                .description("How long the batch in hand has been failing to apply (0 when it is not)")
                .baseUnit("seconds").register(registry);
    }

    void started(ConsumerRecords<String, String> records) {
        long oldest = Long.MAX_VALUE;
        for (ConsumerRecord<String, String> record : records) {
            oldest = Math.min(oldest, record.timestamp());
        }
        oldestInFlightMillis = oldest == Long.MAX_VALUE ? -1 : oldest;
    }

    void failed(Exception e) {
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        lastError = e.toString();
    }

    void applied() {
        oldestInFlightMillis = -1;
        failingSince = null;
        lastError = null;
    }

    double oldestUnappliedAgeSeconds() {
        long oldest = oldestInFlightMillis;
        return oldest < 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
    }

    double failingSeconds() {
        Instant since = failingSince;
        return since == null ? 0 : Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    /** The batch in hand has been failing for longer than {@link #STUCK_AFTER}. */
    boolean stuck() {
        Instant since = failingSince;
        return since != null && Duration.between(since, Instant.now()).compareTo(STUCK_AFTER) > 0;
    }

    Instant failingSince() {
        return failingSince;
    }

    String lastError() {
        return lastError;
    }
}
