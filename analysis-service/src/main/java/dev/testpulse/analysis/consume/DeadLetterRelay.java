package dev.testpulse.analysis.consume;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

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
 */
@ApplicationScoped
public class DeadLetterRelay {

    public static final String CHANNEL = "outcomes-dlq";
    public static final String REASON_HEADER = "testpulse-dlq-reason";
    public static final String ORIGIN_HEADER = "testpulse-dlq-origin";
    private static final int CHUNK = 500;
    private static final Logger LOG = Logger.getLogger(DeadLetterRelay.class);
    static final String WORKER = "dead-letter relay";

    private final DataSource dataSource;
    private final DeadLetterStore store;
    private final SchemaMigration schema;
    private final MutinyEmitter<byte[]> emitter;
    private final Heartbeats heartbeats;

    public DeadLetterRelay(DataSource dataSource, DeadLetterStore store, SchemaMigration schema,
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> emitter, Heartbeats heartbeats) {
        this.dataSource = dataSource;
        this.store = store;
        this.schema = schema;
        this.emitter = emitter;
        this.heartbeats = heartbeats;
        heartbeats.register(WORKER, Duration.ofMinutes(2));
    }

    /** Publishes every unsent dead letter; a failure is logged and left to the next sweep. */
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
                if (!pending.isEmpty()) {
                    Multi.createFrom().iterable(pending)
                            .onItem().transformToUni(letter -> emitter.sendMessage(toRecord(letter))).merge(256)
                            .onItem().ignoreAsUni()
                            .await().atMost(Duration.ofSeconds(30));
                    store.markSent(connection, pending);
                }
                connection.commit();
                return pending.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static KafkaRecord<byte[], byte[]> toRecord(Pending letter) {
        return KafkaRecord.of(letter.key(), letter.value())
                .withHeader(REASON_HEADER, letter.reason().getBytes(StandardCharsets.UTF_8))
                .withHeader(ORIGIN_HEADER, letter.origin().getBytes(StandardCharsets.UTF_8));
    }
}
