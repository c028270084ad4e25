package dev.testpulse.analysis.consume;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import dev.testpulse.analysis.consume.DeadLetters.DeadLetter;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.outcome.OutcomeReader;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.SuiteCountsRepository;
import dev.testpulse.analysis.rates.SuiteCountsRepository.SuiteKey;

/**
 * Applies one consumed batch exactly once: in a single PostgreSQL transaction it skips records below the stored
 * offsets, skips outcome ids already counted, adds the rest pre-aggregated, and moves the stored offsets past the
 * batch. A crash anywhere before the commit leaves no trace; after it, the batch is never applied again.
 */
@ApplicationScoped
public class OutcomeBatchApplier {

    private final DataSource dataSource;
    private final OffsetStore offsets;
    private final SeenOutcomes seen;
    private final SuiteCountsRepository suiteCounts;
    private final OutcomeReader reader;
    private final DeadLetters deadLetters;

    public OutcomeBatchApplier(DataSource dataSource, OffsetStore offsets, SeenOutcomes seen,
            SuiteCountsRepository suiteCounts, OutcomeReader reader, DeadLetters deadLetters) {
        this.dataSource = dataSource;
        this.offsets = offsets;
        this.seen = seen;
        this.suiteCounts = suiteCounts;
        this.reader = reader;
        this.deadLetters = deadLetters;
    }

    /** @return how many outcomes were newly counted */
    public int apply(ConsumerRecords<String, String> records) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int counted = applyIn(connection, records);
                connection.commit();
                return counted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private int applyIn(Connection connection, ConsumerRecords<String, String> records) throws SQLException {
        Map<TopicPartition, Long> stored = offsets.lockAndRead(connection, records.partitions());
        Map<TopicPartition, Long> next = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (record.offset() < stored.getOrDefault(partition, 0L)) {
                continue; // applied by an earlier batch: a redelivery after a crash or a rebalance
            }
            next.merge(partition, record.offset() + 1, Math::max);
            OutcomeReader.Read read = reader.read(record.value());
            if (read.valid()) {
                outcomes.add(read.outcome());
            } else {
                dead.add(new DeadLetter(record, "invalid", read.problem()));
            }
        }
        deadLetters.send(dead);
        List<Outcome> fresh = seen.keepUnseen(connection, outcomes);
        suiteCounts.add(connection, aggregate(fresh));
        offsets.save(connection, next);
        return fresh.size();
    }

    private static Map<SuiteKey, Counts> aggregate(List<Outcome> outcomes) {
        Map<SuiteKey, Counts> counts = new HashMap<>();
        for (Outcome outcome : outcomes) {
            counts.merge(new SuiteKey(outcome.project(), outcome.suite()), Counts.of(outcome.status()), Counts::plus);
        }
        return counts;
    }
}
