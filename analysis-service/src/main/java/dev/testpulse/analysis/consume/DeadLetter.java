package dev.testpulse.analysis.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A consumed record analysis-service cannot count, and why. {@code category} is a short metric tag ({@code invalid},
 * {@code future}, {@code too-old}, {@code unstorable}); {@code reason} is the sentence a person reads.
 */
public record DeadLetter(ConsumerRecord<String, String> record, String category, String reason) {

    /** Where the record came from: topic/partition@offset. */
    public String origin() {
        return record.topic() + "/" + record.partition() + "@" + record.offset();
    }
}
