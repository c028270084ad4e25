package dev.testpulse.analysis.alerts;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;


import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.alerts.AlertOutbox.Failure;
import dev.testpulse.analysis.alerts.AlertOutbox.Pending;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes the outbox to Kafka: unsent events, oldest first, each to its rule's topic keyed by fingerprint (so a
 * series stays in order), acks=all; only then marks them sent. A crash in between publishes them again with the same
 * event id: at least once, never lost, never invented. Rows are claimed with SKIP LOCKED, so instances share the work.
 * Each event succeeds or fails alone: one that cannot be published is retried with backoff and finally set aside
 * ({@code failed_at}), and events for a topic that is not an alert topic are set aside at once. A later event of
 * the same series may then overtake a failed one: order per series holds only while publishing works.
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String CHANNEL = "alerts";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    static final int MAX_ATTEMPTS = 10;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

    private final DataSource dataSource;
    private final AlertOutbox outbox;
    private final MutinyEmitter<String> emitter;
    private final AlertStream stream;
    private final MeterRegistry registry;
    private final AnalysisConfig config;
    private volatile Instant lastPass = Instant.now();

    public OutboxRelay(DataSource dataSource, AlertOutbox outbox, @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> emitter,
            AlertStream stream, MeterRegistry registry, AnalysisConfig config) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.emitter = emitter;
        this.stream = stream;
        this.registry = registry;
        this.config = config;
    }

    // Delayed: the emitter must not be wired before Reactive Messaging has built its channels at start-up.
    @Scheduled(every = "${testpulse.analysis.outbox-poll:1s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        try {
            while (relayBatch() == BATCH) {
                // keep going while the outbox is full
            }
            lastPass = Instant.now();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("alert outbox not relayed, retrying on the next tick: %s", e.toString());
        }
    }

    /** When a relay pass last went through the whole outbox; readiness turns DOWN when that is long ago. */
    public Instant lastPass() {
        return lastPass;
    }

    /**
     * Publishes one claimed batch; each event on its own, so one that cannot be published (a refused topic, a record
     * the broker will not take) is retried later with a growing pause and finally set aside, and never holds back
     * the others. @return how many events were claimed
     */
    int relayBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<Pending> pending = outbox.claim(connection, BATCH);
            if (pending.isEmpty()) {
                connection.rollback();
                return 0;
            }
            Map<String, Failure> failures = new ConcurrentHashMap<>();
            List<Pending> publishable = new ArrayList<>();
            for (Pending event : pending) {
                if (event.json() == null) {
                    failures.put(event.id(), new Failure("not a CloudEvent", true));
                } else if (!RuleValidator.allowedTopic(event.topic(), config.alertTopicPrefix())) {
                    failures.put(event.id(), new Failure("topic " + event.topic() + " is not an alert topic", true));
                } else {
                    publishable.add(event);
                }
            }
            Multi.createFrom().iterable(publishable)
                    .onItem().transformToUni(event -> publish(event).ifNoItem().after(SEND_TIMEOUT).fail()
                            .onFailure().recoverWithItem(e -> {
                                failures.put(event.id(), new Failure(e.toString(), false));
                                return null;
                            }))
                    .merge(64).onItem().ignoreAsUni().await().atMost(SEND_TIMEOUT.multipliedBy(2));
            List<Pending> sent = publishable.stream().filter(event -> !failures.containsKey(event.id())).toList();
            outbox.markSent(connection, sent);
            report(outbox.markFailed(connection, failures, MAX_ATTEMPTS), failures);
            connection.commit();
            sent.forEach(event -> stream.publish(event.project(), event.json()));
            registry.counter("testpulse.analysis.alerts.published").increment(sent.size());
            return pending.size();
        }
    }

    private void report(Map<String, Boolean> setAside, Map<String, Failure> failures) {
        setAside.forEach((id, aside) -> {
            LOG.errorf("alert event %s not published%s: %s", id,
                    aside ? " and set aside (see alert_events.last_error)" : ", retrying later", failures.get(id).error());
            registry.counter("testpulse.analysis.alerts.unpublished", "outcome", aside ? "set_aside" : "retry").increment();
        });
    }

    private io.smallrye.mutiny.Uni<Void> publish(Pending event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.MEDIA_TYPE.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.fingerprint()).withTopic(event.topic()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(event.json()).addMetadata(metadata));
    }
}
