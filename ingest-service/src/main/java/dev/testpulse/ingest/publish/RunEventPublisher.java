package dev.testpulse.ingest.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Publishes {@code testpulse.run/v1} records to {@code testpulse.runs} (key: project): a reporter's word that a run, or
 * its job, finished. Waits for Kafka's acknowledgement, so a 202 means analysis will hear it.
 */
@ApplicationScoped
public class RunEventPublisher {

    public static final String CHANNEL = "runs";
    public static final String SCHEMA = "testpulse.run/v1";
    private static final Duration ACKNOWLEDGED_WITHIN = Duration.ofSeconds(10);

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper mapper;

    public RunEventPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    /** @throws RuntimeException when Kafka did not acknowledge in time */
    public void finished(String project, String pipeline, String runId, int attempt, String job, Long outcomes) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", runId);
        run.put("attempt", attempt);
        if (job != null) {
            run.put("job", job);
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema", SCHEMA);
        record.put("project", project);
        record.put("pipeline", pipeline);
        record.put("run", run);
        record.put("state", "finished");
        if (outcomes != null) {
            record.put("outcomes", outcomes);
        }
        record.put("at", Instant.now().toString());
        try {
            emitter.sendMessage(KafkaRecord.of(project, mapper.writeValueAsString(record))).await().atMost(ACKNOWLEDGED_WITHIN);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run record always serialises", e);
        }
    }
}
