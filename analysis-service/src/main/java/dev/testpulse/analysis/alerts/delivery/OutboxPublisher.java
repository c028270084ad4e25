package dev.testpulse.analysis.alerts.delivery;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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
import dev.testpulse.analysis.alerts.delivery.AlertOutbox.Failure;
import dev.testpulse.analysis.alerts.delivery.AlertOutbox.Pending;
import dev.testpulse.analysis.alerts.rules.RuleValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * One batch of the outbox published ({@link OutboxRelay} decides when): claimed, each event sent on its own to its
 * topic keyed by fingerprint, then marked sent or failed in the claim's transaction. Created at the first batch, once
 * Reactive Messaging has connected the emitter's channel.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final int BATCH = 200;
    static final int MAX_ATTEMPTS = 10;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

    private final DataSource dataSource;
    private final AlertOutbox outbox;
    private final MutinyEmitter<String> emitter;
    private final MeterRegistry registry;
    private final AnalysisConfig config;

    public OutboxPublisher(DataSource dataSource, AlertOutbox outbox,
            @Channel(OutboxRelay.CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> emitter,
            MeterRegistry registry, AnalysisConfig config) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.emitter = emitter;
        this.registry = registry;
        this.config = config;
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
            List<Pending> publishable = publishable(pending, failures);
            publishAll(publishable, failures);
            List<Pending> sent = publishable.stream().filter(event -> !failures.containsKey(event.id())).toList();
            outbox.markSent(connection, sent);
            report(outbox.markFailed(connection, failures, MAX_ATTEMPTS), failures);
            connection.commit();
            registry.counter("testpulse.analysis.alerts.published").increment(sent.size());
            return pending.size();
        }
    }

    /** The events that may be sent; the others (no CloudEvent, not an alert topic) failed for good, into {@code failures}. */
    private List<Pending> publishable(List<Pending> pending, Map<String, Failure> failures) {
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
        return publishable;
    }

    /** Sends them all at once, at most 64 in flight; each one's failure goes into {@code failures}. */
    private void publishAll(List<Pending> publishable, Map<String, Failure> failures) {
        Multi.createFrom().iterable(publishable)
                .onItem().transformToUni(event -> publish(event).ifNoItem().after(SEND_TIMEOUT).fail()
                        .onFailure().recoverWithItem(e -> {
                            failures.put(event.id(), new Failure(e.toString(), false));
                            return null;
                        }))
                .merge(64).onItem().ignoreAsUni().await().atMost(SEND_TIMEOUT.multipliedBy(2));
    }

    private void report(Map<String, Boolean> setAside, Map<String, Failure> failures) {
        setAside.forEach((id, aside) -> {
            LOG.errorf("alert event %s not published%s: %s", id,
                    aside ? " and set aside (see alert_events.last_error)" : ", retrying later", failures.get(id).error());
            registry.counter("testpulse.analysis.alerts.unpublished", "outcome", aside ? "set_aside" : "retry").increment();
        });
    }

    private Uni<Void> publish(Pending event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.MEDIA_TYPE.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.fingerprint()).withTopic(event.topic()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(event.json()).addMetadata(metadata));
    }
}
