package dev.testpulse.analysis.verdict;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.testpulse.analysis.consume.OffsetStore;
import dev.testpulse.analysis.problem.Problem;
import dev.testpulse.analysis.problem.ProblemException;
import dev.testpulse.shared.stream.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * Waits until what an upload published is counted: until the consumer's offsets, stored in PostgreSQL in the same
 * transaction as the counted rows (so any instance reads them), reach the upload's {@link StreamPosition}. Between
 * looks it holds neither a connection nor a thread: each look borrows a connection on a worker for one small read,
 * and the pause is a timer, growing from 20 ms to 500 ms. Past {@link VerdictConfig#afterWait()} it answers 503.
 */
@ApplicationScoped
public class ReadYourWrites {

    static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    static final Duration LONGEST_PAUSE = Duration.ofMillis(500);

    private final DataSource dataSource;
    private final OffsetStore offsets;
    private final String topic;
    private final VerdictConfig config;

    public ReadYourWrites(DataSource dataSource, OffsetStore offsets,
            @ConfigProperty(name = "mp.messaging.incoming.outcomes.topic") String topic, VerdictConfig config) {
        this.dataSource = dataSource;
        this.offsets = offsets;
        this.topic = topic;
        this.config = config;
    }

    /** Completes once counting reached {@code position}; fails with a 503 problem (Retry-After) past the bound. */
    public Uni<Void> await(StreamPosition position) {
        if (position.nextOffsets().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return look(position, System.nanoTime() + config.afterWait().toNanos(), FIRST_PAUSE);
    }

    private Uni<Void> look(StreamPosition position, long deadline, Duration pause) {
        return OnWorker.read(() -> reached(position)).chain(reached -> {
            if (reached) {
                return Uni.createFrom().voidItem();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Uni.createFrom().failure(notYet());
            }
            Duration next = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(Math.min(pause.toNanos(), left)))
                    .chain(() -> look(position, deadline, next));
        });
    }

    boolean reached(StreamPosition position) throws SQLException {
        List<TopicPartition> partitions = position.nextOffsets().keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
        try (Connection connection = dataSource.getConnection()) {
            Map<Integer, Long> counted = new HashMap<>();
            offsets.read(connection, partitions).forEach((partition, next) -> counted.put(partition.partition(), next));
            return position.reachedBy(counted);
        }
    }

    private ProblemException notYet() {
        return new ProblemException(Problem.of("not-counted-yet", "Service Unavailable", 503, "the outcomes up to 'after' are not "
                + "counted yet (waited " + config.afterWait().toSeconds() + " s): analysis is behind; ask again after Retry-After"),
                Map.of("Retry-After", config.retryAfterSeconds()));
    }

    /** @throws ProblemException 400 naming {@code after} for a text ingest cannot have written */
    public static StreamPosition parse(String after) {
        try {
            return StreamPosition.parse(after);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.badParameter("after", "after " + e.getMessage() + "; pass the 'position' of an "
                    + "upload's 202 (or its " + StreamPosition.HEADER + " header) as it came"));
        }
    }
}
