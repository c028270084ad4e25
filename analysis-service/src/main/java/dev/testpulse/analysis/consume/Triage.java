package dev.testpulse.analysis.consume;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.testpulse.analysis.outcome.OutcomeReader;

/**
 * Decides, before anything is written, what a consumed record is: an outcome to count with its raw row, an old
 * outcome to count into the hour buckets only (backfill past the raw retention), or a dead letter — not an
 * outcome, from the future, or older than any aggregate testpulse keeps.
 */
final class Triage {

    /** ingest-service refuses outcomes more than a day ahead; a foreign producer's clock may be further off. */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private final OutcomeReader reader;
    private final Instant rawHorizon;
    private final Instant aggregateHorizon;
    private final Instant latest;
    private final long aggregateDays;

    Triage(OutcomeReader reader, Instant now, Duration rawRetention, Duration aggregateRetention) {
        this.reader = reader;
        this.rawHorizon = now.minus(rawRetention);
        this.aggregateHorizon = now.minus(aggregateRetention);
        this.latest = now.plus(FUTURE_TOLERANCE);
        this.aggregateDays = aggregateRetention.toDays();
    }

    Verdict of(ConsumerRecord<String, String> record) {
        OutcomeReader.Read read = reader.read(record.value());
        if (!read.valid()) {
            return Verdict.dead(new DeadLetter(record, "invalid", read.problem()));
        }
        Instant observedAt = read.outcome().observedAt();
        if (observedAt.isAfter(latest)) {
            return Verdict.dead(new DeadLetter(record, "future", "observed_at " + observedAt + " is more than "
                    + FUTURE_TOLERANCE.toHours() + " h ahead of this service's clock"));
        }
        if (observedAt.isBefore(aggregateHorizon)) {
            return Verdict.dead(new DeadLetter(record, "too-old", "observed_at " + observedAt
                    + " is older than the " + aggregateDays + " days aggregates are kept"));
        }
        return new Verdict(new Candidate(record, read.outcome(), observedAt.isBefore(rawHorizon)), null);
    }

    /** A candidate to store, or a dead letter. */
    record Verdict(Candidate candidate, DeadLetter deadLetter) {
        static Verdict dead(DeadLetter letter) {
            return new Verdict(null, letter);
        }
    }
}
