package dev.testpulse.analysis.consume;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.consume.DeadLetterStore.Failure;
import dev.testpulse.analysis.consume.DeadLetterStore.Pending;
import dev.testpulse.analysis.schema.SchemaMigration;
import dev.testpulse.analysis.workers.Heartbeats;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Publishes stored dead letters to {@code testpulse.outcomes.dlq}, unchanged, with the reason and their origin in
 * headers, and marks them sent. Called right after a batch that wrote some commits, and swept on a timer for those
 * a crash or a broker outage left behind. A dead letter is published once, or twice only if the process dies
 * between Kafka's acknowledgement and the commit that marks it sent.
 *
 * <p>Each dead letter succeeds or fails alone: one that fails waits a growing pause before its next try, and one the
 * broker refuses (a record near 1 MiB whose headers push it past the producer's request size) is set aside after
 * {@code testpulse.analysis.dead-letter-attempts} refused tries, counted and listed by the admin API; the letters
 * behind it go on. A pass that ran beats the heartbeat, whatever became of its letters: readiness reports a relay
 * that cannot reach PostgreSQL, not one letter the broker will not take.
 */
@ApplicationScoped
public class DeadLetterRelay {

    public static final String CHANNEL = "outcomes-dlq";
    public static final String REASON_HEADER = "testpulse-dlq-reason";
    public static final String ORIGIN_HEADER = "testpulse-dlq-origin";
    private static final int CHUNK = 500;
    /** One letter's send; the producer's own max.block.ms (60 s) is longer than a pass should hang on a broker away. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);
    private static final Logger LOG = Logger.getLogger(DeadLetterRelay.class);
    static final String WORKER = "dead-letter relay";

    private final DataSource dataSource;
    private final DeadLetterStore store;
    private final SchemaMigration schema;
    private final MutinyEmitter<byte[]> emitter;
    private final Heartbeats heartbeats;
    private final int maxAttempts;

    public DeadLetterRelay(DataSource dataSource, DeadLetterStore store, SchemaMigration schema,
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> emitter, Heartbeats heartbeats,
            AnalysisConfig config) {
        this.maxAttempts = config.deadLetterAttempts();
        this.dataSource = dataSource;
        this.store = store;
        this.schema = schema;
        this.emitter = emitter;
        this.heartbeats = heartbeats;
        heartbeats.register(WORKER, Duration.ofMinutes(2));
    }

    /** Publishes every due dead letter; a failure is recorded with the letter and left to a later sweep. */
    public void publishPending() {
        try {
            while (publishChunk() == CHUNK) {
                // more are waiting
            }
            heartbeats.beat(WORKER);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("dead letters not published yet, the sweep retries: %s", e.toString());
        }
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        if (schema.isMigrated()) {
            publishPending();
        } else {
            heartbeats.beat(WORKER);
        }
    }

    private int publishChunk() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Pending> pending = store.lockUnsent(connection, CHUNK);
                Map<Pending, Failure> failures = new ConcurrentHashMap<>();
                if (!pending.isEmpty()) {
                    Multi.createFrom().iterable(pending)
                            .onItem().transformToUni(letter -> emitter.sendMessage(toRecord(letter))
                                    .ifNoItem().after(SEND_TIMEOUT).fail()
                                    .onFailure().recoverWithItem(e -> {
                                        failures.put(letter, failure(e));
                                        return null;
                                    }))
                            .merge(256).onItem().ignoreAsUni()
                            .await().atMost(SEND_TIMEOUT.multipliedBy(CHUNK / 256 + 2));
                    store.markSent(connection, pending.stream().filter(letter -> !failures.containsKey(letter)).toList());
                    store.markFailed(connection, failures, maxAttempts);
                }
                connection.commit();
                // a chunk whose letters all failed is not a reason to read the next one now: they wait out their pause
                return failures.size() == pending.size() ? 0 : pending.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The broker refused the letter itself (too large, invalid) unless the cause is one Kafka would retry or a timeout. */
    static Failure failure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof TimeoutException
                    || cause instanceof io.smallrye.mutiny.TimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
                return new Failure(e.toString(), false);
            }
            if (cause instanceof ApiException) {
                return new Failure(cause.toString(), true);
            }
        }
        return new Failure(e.toString(), false);
    }

    private static KafkaRecord<byte[], byte[]> toRecord(Pending letter) {
        return KafkaRecord.of(letter.key(), letter.value())
                .withHeader(REASON_HEADER, letter.reason().getBytes(StandardCharsets.UTF_8))
                .withHeader(ORIGIN_HEADER, letter.origin().getBytes(StandardCharsets.UTF_8));
    }
}
