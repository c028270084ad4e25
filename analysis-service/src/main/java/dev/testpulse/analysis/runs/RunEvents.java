package dev.testpulse.analysis.runs;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.schema.SchemaMigration;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads {@code testpulse.runs}: ingest publishes there when a reporter says a run (or its job) finished, or a part of it
 * (one test JVM) started or finished. Each is idempotent, so at-least-once delivery is enough; a record that is not a finished run is logged and skipped, never
 * fatal. While the database is away the record waits and is retried.
 */
@ApplicationScoped
public class RunEvents {

    public static final String CHANNEL = "runs";
    static final String SCHEMA = "testpulse.run/v1";
    private static final Logger LOG = Logger.getLogger(RunEvents.class);

    private final DataSource dataSource;
    private final RunStore runs;
    private final SchemaMigration schema;
    private final ObjectMapper mapper;

    public RunEvents(DataSource dataSource, RunStore runs, SchemaMigration schema, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.schema = schema;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(String record) throws InterruptedException {
        RunFinished finished = parse(record);
        if (finished == null) {
            return;
        }
        long backoffMs = 100;
        while (true) {
            try (Connection connection = dataSource.getConnection()) {
                if (!schema.isMigrated()) {
                    throw new SQLException("the database schema is not migrated yet");
                }
                if (finished.part() == null) {
                    runs.finish(connection, finished);
                } else if (finished.started()) {
                    runs.partStarted(connection, finished);
                } else {
                    runs.partFinished(connection, finished);
                }
                return;
            } catch (SQLException e) {
                LOG.warnf("run %s/%s#%s not marked finished, retrying in %d ms: %s", finished.project(), finished.pipeline(),
                        finished.runId(), backoffMs, e.toString());
            }
            Thread.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 5_000);
        }
    }

    /** @return the finished run the record names, or null (logged) when it is not one */
    RunFinished parse(String record) {
        try {
            JsonNode node = record == null ? null : mapper.readTree(record);
            JsonNode run = node == null ? null : node.path("run");
            String state = node == null ? null : node.path("state").asText();
            String part = node != null && node.path("part").isTextual() && !node.path("part").asText().isBlank() ? node.path("part").asText() : null;
            boolean started = "started".equals(state) && part != null;
            if (node == null || !SCHEMA.equals(node.path("schema").asText()) || !("finished".equals(state) || started)
                    || !text(node, "project") || !text(node, "pipeline") || !text(run, "id") || !run.path("attempt").canConvertToInt()
                    || run.path("attempt").asInt() < 1) {
                LOG.warnf("skipped a record of testpulse.runs that is not a finished run or a started part (%s, %d characters)", SCHEMA,
                        record == null ? 0 : record.length());
                return null;
            }
            String job = run.path("job").isTextual() && !run.path("job").asText().isEmpty() ? run.path("job").asText() : null;
            Long outcomes = node.path("outcomes").canConvertToLong() ? node.path("outcomes").asLong() : null;
            return new RunFinished(node.get("project").asText(), node.get("pipeline").asText(), run.get("id").asText(),
                    run.get("attempt").asInt(), job, part, started, outcomes);
        } catch (java.io.IOException e) {
            LOG.warnf("skipped a record of testpulse.runs that is not JSON: %s", e.getMessage());
            return null;
        }
    }

    private static boolean text(JsonNode node, String field) {
        return node.path(field).isTextual() && !node.path(field).asText().isBlank();
    }
}
