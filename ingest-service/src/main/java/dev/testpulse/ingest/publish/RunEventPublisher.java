package dev.testpulse.ingest.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Publishes {@code testpulse.run/v1} records to {@code testpulse.runs} (key: project): a reporter's word that a run, or
 * its job, finished, or that a part of it (one test JVM's launcher session) started or finished. Waits for Kafka's
 * acknowledgement, so a 202 means analysis will hear it.
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

    /** A run, or a job of it ({@code job} null when none), that is over; {@code outcomes} null when not known. */
    public record FinishedRun(String project, String pipeline, String runId, int attempt, String job, Long outcomes) {

        RunNotice notice() {
            return new RunNotice("finished", project, pipeline, runId, attempt, job, null, outcomes);
        }
    }

    /**
     * A run's state change as the record carries it: {@code state} "started" or "finished"; {@code part} the test JVM
     * (launcher session) of the run it concerns, null for the whole run or job; {@code outcomes} null when not known.
     */
    public record RunNotice(String state, String project, String pipeline, String runId, int attempt, String job, String part,
            Long outcomes) {
    }

    /** Sends in groups of this many at once, within the emitter's buffer. */
    private static final int IN_FLIGHT = 100;

    /** @throws RuntimeException when Kafka did not acknowledge in time */
    public void finished(FinishedRun run) {
        publish(List.of(run.notice()));
    }

    /** @throws RuntimeException when Kafka did not acknowledge in time */
    public void publish(RunNotice notice) {
        publish(List.of(notice));
    }

    /**
     * All of them, a group at a time, each group awaited together: an upload whose suites name many jobs (hostnames)
     * must not wait for one acknowledgement after the other.
     *
     * @throws RuntimeException when Kafka did not acknowledge in time
     */
    public void finished(List<FinishedRun> runs) {
        publish(runs.stream().map(FinishedRun::notice).toList());
    }

    private void publish(List<RunNotice> runs) {
        for (int from = 0; from < runs.size(); from += IN_FLIGHT) {
            List<Uni<Void>> sends = runs.subList(from, Math.min(runs.size(), from + IN_FLIGHT)).stream()
                    .map(run -> emitter.sendMessage(KafkaRecord.of(run.project(), json(run)))).toList();
            Uni.join().all(sends).andFailFast().await().atMost(ACKNOWLEDGED_WITHIN);
        }
    }

    private String json(RunNotice finished) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", finished.runId());
        run.put("attempt", finished.attempt());
        if (finished.job() != null) {
            run.put("job", finished.job());
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema", SCHEMA);
        record.put("project", finished.project());
        record.put("pipeline", finished.pipeline());
        record.put("run", run);
        if (finished.part() != null) {
            record.put("part", finished.part());
        }
        record.put("state", finished.state());
        if (finished.outcomes() != null) {
            record.put("outcomes", finished.outcomes());
        }
        record.put("at", Instant.now().toString());
        try {
            return mapper.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run record always serialises", e);
        }
    }
}
