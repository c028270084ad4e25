package dev.testpulse.analysis.consume;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.alerts.AlertEvaluator;
import dev.testpulse.analysis.alerts.SignalSources.NewSignature;
import dev.testpulse.analysis.consume.DeadLetters.DeadLetter;
import dev.testpulse.analysis.failures.FailureSignature;
import dev.testpulse.analysis.failures.FailureSignatureStore;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.outcome.OutcomeReader;
import dev.testpulse.analysis.outcome.RawOutcomeStore;
import dev.testpulse.analysis.windows.BatchAggregate;
import dev.testpulse.analysis.windows.WindowStore;

/**
 * Applies one consumed batch exactly once: in a single PostgreSQL transaction it skips records below the stored
 * offsets, skips outcome ids already counted, stores the rest raw and pre-aggregated into time buckets and runs,
 * and moves the stored offsets past the batch. A crash anywhere before the commit leaves no trace; after it, the
 * batch is never applied again. Unusable records and outcomes older than the retention horizon become dead letters.
 */
@ApplicationScoped
public class OutcomeBatchApplier {

    private final DataSource dataSource;
    private final OffsetStore offsets;
    private final SeenOutcomes seen;
    private final RawOutcomeStore raw;
    private final WindowStore windows;
    private final OutcomeReader reader;
    private final DeadLetters deadLetters;
    private final AnalysisConfig config;
    private final FailureSignatureStore signatureStore;
    private final AlertEvaluator alerts;

    public OutcomeBatchApplier(DataSource dataSource, OffsetStore offsets, SeenOutcomes seen, RawOutcomeStore raw,
            WindowStore windows, OutcomeReader reader, DeadLetters deadLetters, AnalysisConfig config,
            FailureSignatureStore signatureStore, AlertEvaluator alerts) {
        this.signatureStore = signatureStore;
        this.alerts = alerts;
        this.dataSource = dataSource;
        this.offsets = offsets;
        this.seen = seen;
        this.raw = raw;
        this.windows = windows;
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.config = config;
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
        Instant horizon = Instant.now().minus(config.retention());
        for (ConsumerRecord<String, String> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (record.offset() < stored.getOrDefault(partition, 0L)) {
                continue; // applied by an earlier batch: a redelivery after a crash or a rebalance
            }
            next.merge(partition, record.offset() + 1, Math::max);
            OutcomeReader.Read read = reader.read(record.value());
            if (!read.valid()) {
                dead.add(new DeadLetter(record, "invalid", read.problem()));
            } else if (read.outcome().observedAt().isBefore(horizon)) {
                dead.add(new DeadLetter(record, "too-old", "observed_at " + read.outcome().observedAt()
                        + " is older than the retention horizon of " + config.retention().toDays() + " days"));
            } else {
                outcomes.add(read.outcome());
            }
        }
        deadLetters.send(dead);
        List<Outcome> fresh = seen.keepUnseen(connection, outcomes);
        Map<String, FailureSignature> signatures = signatureStore.sign(fresh);
        raw.add(connection, fresh, signatures);
        Set<NewSignature> newSignatures = signatureStore.remember(connection, fresh, signatures);
        windows.add(connection, BatchAggregate.of(fresh));
        // After the windows took the batch: rules see the rates this very batch produced, in its transaction.
        alerts.evaluate(connection, fresh, newSignatures, Instant.now());
        offsets.save(connection, next);
        return fresh.size();
    }
}
