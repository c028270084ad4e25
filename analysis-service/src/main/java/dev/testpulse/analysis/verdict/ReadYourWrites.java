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
import dev.testpulse.analysis.inbox.EvaluationInbox;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.stream.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * Waits until what an upload published is counted and followed up: first until the consumer's offsets, stored in
 * PostgreSQL in the same transaction as the counted rows (so any instance reads them), reach the upload's
 * {@link StreamPosition}; then until the alert inbox rows of the project that counting wrote up to then are taken by
 * their evaluation, which is what brings the runs table (a run's state and counts) and the project's built-in rules
 * along (docs/alerts.md, "When rules are evaluated"). Between looks it holds neither a connection nor a thread: each
 * look borrows a connection on a worker for one small read, and the pause is a timer, growing from 20 ms to 500 ms.
 * Past {@link VerdictConfig#afterWait()} in all it answers 503.
 */
@ApplicationScoped
public class ReadYourWrites {

    static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    static final Duration LONGEST_PAUSE = Duration.ofMillis(500);

    private final DataSource dataSource;
    private final OffsetStore offsets;
    private final EvaluationInbox inbox;
    private final String topic;
    private final VerdictConfig config;

    public ReadYourWrites(DataSource dataSource, OffsetStore offsets, EvaluationInbox inbox,
            @ConfigProperty(name = "mp.messaging.incoming.outcomes.topic") String topic, VerdictConfig config) {
        this.dataSource = dataSource;
        this.offsets = offsets;
        this.inbox = inbox;
        this.topic = topic;
        this.config = config;
    }

    /** Completes once the project's outcomes up to {@code position} are counted and evaluated; else a 503 problem. */
    public Uni<Void> await(String project, StreamPosition position) {
        if (position.nextOffsets().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long deadline = System.nanoTime() + config.afterWait().toNanos();
        return until(() -> reached(position), deadline, FIRST_PAUSE)
                .chain(() -> OnWorker.read(() -> read(connection -> inbox.newest(connection, project))))
                .chain(newest -> newest == null ? Uni.createFrom().voidItem()
                        : until(() -> !read(connection -> inbox.pendingUpTo(connection, project, newest)), deadline, FIRST_PAUSE));
    }

    /** Looks until {@code condition} holds, pausing longer each time, and fails past the deadline. */
    private Uni<Void> until(OnWorker.Read<Boolean> condition, long deadline, Duration pause) {
        return OnWorker.read(condition).chain(holds -> {
            if (holds) {
                return Uni.createFrom().voidItem();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Uni.createFrom().failure(notYet());
            }
            Duration next = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(Math.min(pause.toNanos(), left)))
                    .chain(() -> until(condition, deadline, next));
        });
    }

    /** One read on a borrowed connection, given back at once. */
    private <T> T read(Query<T> query) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return query.run(connection);
        }
    }

    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    private boolean reached(StreamPosition position) throws SQLException {
        List<TopicPartition> partitions = position.nextOffsets().keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<Integer, Long> counted = new HashMap<>();
        read(connection -> offsets.read(connection, partitions)).forEach((partition, next) -> counted.put(partition.partition(), next));
        return position.reachedBy(counted);
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
