package dev.testpulse.analysis.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.testpulse.analysis.outcome.Outcome;

/** A record read as an outcome, to be stored; {@code backfill} when it is older than the raw retention. */
record Candidate(ConsumerRecord<String, String> record, Outcome outcome, boolean backfill) {
}
