package dev.testpulse.analysis.alerts;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes the outbox to Kafka: unsent events, oldest first, each to its rule's topic keyed by fingerprint (so a
 * series stays in order), acks=all; only then marks them sent. A crash in between publishes them again with the same
 * event id: at least once, never lost, never invented. Rows are claimed with SKIP LOCKED, so instances share the work.
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String CHANNEL = "alerts";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final DataSource dataSource;
    private final MutinyEmitter<String> emitter;
    private final AlertStream stream;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;

    public OutboxRelay(DataSource dataSource, @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> emitter,
            AlertStream stream, ObjectMapper mapper, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.emitter = emitter;
        this.stream = stream;
        this.mapper = mapper;
        this.registry = registry;
    }

    // Delayed: the emitter must not be wired before Reactive Messaging has built its channels at start-up.
    @Scheduled(every = "${testpulse.analysis.outbox-poll:1s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        try {
            while (relayBatch() == BATCH) {
                // keep going while the outbox is full
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("alert outbox not relayed, retrying on the next tick: %s", e.toString());
        }
    }

    /** @return how many events were published and marked sent */
    int relayBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<Pending> pending = claim(connection);
            if (pending.isEmpty()) {
                connection.rollback();
                return 0;
            }
            Multi.createFrom().iterable(pending).onItem().transformToUni(this::publish).merge(64)
                    .onItem().ignoreAsUni().await().atMost(Duration.ofSeconds(30));
            try (PreparedStatement sent = connection.prepareStatement("update alert_events set sent_at = now() where id = any (?)")) {
                sent.setArray(1, connection.createArrayOf("text", pending.stream().map(Pending::id).toArray()));
                sent.executeUpdate();
            }
            connection.commit();
            pending.forEach(event -> stream.publish(event.json()));
            registry.counter("testpulse.analysis.alerts.published").increment(pending.size());
            return pending.size();
        }
    }

    private List<Pending> claim(Connection connection) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select id, fingerprint, topic, cloud_event::text, type from alert_events where sent_at is null
                order by created_at, id limit %d for update skip locked""".formatted(BATCH));
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                pending.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), normalise(rs.getString(4)), rs.getString(5)));
            }
        }
        return pending;
    }

    /** jsonb reorders keys; re-serialise through the record so every copy of an event reads the same. */
    private String normalise(String json) {
        try {
            return mapper.writeValueAsString(mapper.readValue(json, CloudEvent.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the outbox holds CloudEvents", e);
        }
    }

    private io.smallrye.mutiny.Uni<Void> publish(Pending event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.MEDIA_TYPE.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.fingerprint()).withTopic(event.topic()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(event.json()).addMetadata(metadata));
    }

    private record Pending(String id, String fingerprint, String topic, String json, String type) {
    }
}
