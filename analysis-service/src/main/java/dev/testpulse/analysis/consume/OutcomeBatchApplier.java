package dev.testpulse.analysis.consume;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.failures.FailureSignature;
import dev.testpulse.analysis.failures.FailureSignatureStore;
import dev.testpulse.analysis.inbox.EvaluationInbox;
import dev.testpulse.analysis.inbox.InboxBell;
import dev.testpulse.analysis.insights.TestCommitStore;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.outcome.OutcomeReader;
import dev.testpulse.analysis.raw.RawOutcomeStore;
import dev.testpulse.analysis.storage.SqlFaults;
import dev.testpulse.analysis.windows.BatchAggregate;
import dev.testpulse.analysis.windows.WindowStore;

/**
 * Applies one consumed batch exactly once: in a single PostgreSQL transaction it skips records below the stored
 * offsets, skips outcome ids already counted in their project, stores the rest raw and pre-aggregated into time
 * buckets, and moves the stored offsets past the batch. A crash anywhere before the commit leaves no trace; after it,
 * the batch is never applied again. Alerts are not evaluated here, and neither the runs' tallies nor the project's
 * failure signatures are added here: what they need of the batch goes into the alert inbox in the same transaction ({@link EvaluationInbox}), and the
 * evaluation, after the commit and in transactions of its own under the project's alert lock, takes it from there. A
 * run's suites, and a project's failure causes, arrive on several partitions, applied concurrently and by several
 * instances: adding to their shared rows here made those transactions wait for each other (all of the 5.2 s of lock
 * waits between two instances in the benchmark of 2026-12-06), where the project's evaluation adds them one after
 * another without waiting.
 *
 * <p>No record can hold the others back: what is not an outcome, or lies in the future or before every kept
 * aggregate, is a dead letter; when PostgreSQL refuses the batch for its content, the batch is halved under
 * savepoints until the refused records stand alone, and they too become dead letters, stored in the same
 * transaction. Any other failure (database away, deadlock) rolls everything back for the caller to retry.
 */
@ApplicationScoped
public class OutcomeBatchApplier {

    private final DataSource dataSource;
    private final OffsetStore offsets;
    private final SeenOutcomes seen;
    private final RawOutcomeStore raw;
    private final TestCommitStore testCommits;
    private final WindowStore windows;
    private final OutcomeReader reader;
    private final DeadLetterStore deadLetters;
    private final AnalysisConfig config;
    private final FailureSignatureStore signatureStore;
    private final EvaluationInbox inbox;
    private final InboxBell bell;

    public OutcomeBatchApplier(DataSource dataSource, OffsetStore offsets, SeenOutcomes seen, RawOutcomeStore raw,
            TestCommitStore testCommits, WindowStore windows, OutcomeReader reader, DeadLetterStore deadLetters, AnalysisConfig config,
            FailureSignatureStore signatureStore, EvaluationInbox inbox, InboxBell bell) {
        this.dataSource = dataSource;
        this.offsets = offsets;
        this.seen = seen;
        this.raw = raw;
        this.testCommits = testCommits;
        this.windows = windows;
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.config = config;
        this.signatureStore = signatureStore;
        this.inbox = inbox;
        this.bell = bell;
    }

    public Applied apply(ConsumerRecords<String, String> records) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Applied applied = applyIn(connection, records);
                connection.commit();
                if (applied.toEvaluate() > 0) {
                    bell.ring();
                }
                return applied;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private Applied applyIn(Connection connection, ConsumerRecords<String, String> records) throws SQLException {
        Map<TopicPartition, Long> stored = offsets.lockAndRead(connection, records.partitions());
        Map<TopicPartition, Long> next = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        Instant now = Instant.now();
        Triage triage = new Triage(reader, now, config.retention(), config.aggregateRetention());
        for (ConsumerRecord<String, String> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (record.offset() < stored.getOrDefault(partition, 0L)) {
                continue; // applied by an earlier batch: a redelivery after a crash or a rebalance
            }
            next.merge(partition, record.offset() + 1, Math::max);
            Triage.Verdict verdict = triage.of(record);
            if (verdict.deadLetter() != null) {
                dead.add(verdict.deadLetter());
            } else {
                candidates.add(verdict.candidate());
            }
        }
        Stored counted = storeIsolating(connection, candidates, dead);
        inbox.add(connection, counted.recent());
        deadLetters.add(connection, dead);
        offsets.save(connection, next);
        return new Applied(counted.recent().size() + counted.backfilled(), dead.size(), next, counted.recent().size());
    }

    /** Stores all candidates, or, when PostgreSQL refuses their content, each half on its own, down to single records. */
    private Stored storeIsolating(Connection connection, List<Candidate> candidates, List<DeadLetter> dead) throws SQLException {
        if (candidates.isEmpty()) {
            return Stored.NONE;
        }
        Savepoint before = connection.setSavepoint();
        try {
            Stored stored = store(connection, candidates);
            connection.releaseSavepoint(before);
            return stored;
        } catch (SQLException e) {
            if (!SqlFaults.causedByData(e)) {
                throw e;
            }
            connection.rollback(before);
            if (candidates.size() == 1) {
                dead.add(new DeadLetter(candidates.get(0).record(), "unstorable", "PostgreSQL cannot store it: "
                        + e.getMessage()));
                return Stored.NONE;
            }
            int half = candidates.size() / 2;
            Stored first = storeIsolating(connection, candidates.subList(0, half), dead);
            return first.plus(storeIsolating(connection, candidates.subList(half, candidates.size()), dead));
        }
    }

    private Stored store(Connection connection, List<Candidate> candidates) throws SQLException {
        List<Outcome> fresh = seen.keepUnseen(connection, candidates.stream().map(Candidate::outcome).toList());
        Set<Outcome> old = Collections.newSetFromMap(new IdentityHashMap<>());
        candidates.stream().filter(Candidate::backfill).forEach(candidate -> old.add(candidate.outcome()));
        List<Outcome> recent = new ArrayList<>();
        List<Outcome> backfill = new ArrayList<>();
        fresh.forEach(outcome -> (old.contains(outcome) ? backfill : recent).add(outcome));
        Map<String, FailureSignature> signatures = signatureStore.sign(recent);
        raw.add(connection, recent, signatures);
        testCommits.add(connection, recent);
        windows.add(connection, BatchAggregate.of(recent, backfill));
        return new Stored(recent, backfill.size());
    }

    /**
     * What one batch did: outcomes newly counted, dead letters written, the offsets it stored, and how many of its
     * outcomes went to the alert inbox (the recent ones: backfill is history, no rule judges it).
     */
    public record Applied(int counted, int deadLetters, Map<TopicPartition, Long> nextOffsets, int toEvaluate) {
    }

    /** What the stored part of a batch was: the recent outcomes, how many were backfill, the new failure signatures. */
    private record Stored(List<Outcome> recent, int backfilled) {
        static final Stored NONE = new Stored(List.of(), 0);

        Stored plus(Stored other) {
            List<Outcome> outcomes = new ArrayList<>(recent);
            outcomes.addAll(other.recent);
            return new Stored(outcomes, backfilled + other.backfilled);
        }
    }
}
