package dev.testpulse.analysis.quarantine;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.testpulse.analysis.schema.SchemaMigration;
import io.quarkus.scheduler.Scheduled;

/**
 * Releases states that reached their {@code until} ({@code testpulse.quarantine.expiry-tick}), each release an event,
 * so subscribers learn of it even when nobody reads the list. Instances share the work: expired rows are claimed with
 * SKIP LOCKED. The list releases a project's expired states itself too, so it never depends on this tick.
 */
@ApplicationScoped
public class QuarantineClock {

    private static final Logger LOG = Logger.getLogger(QuarantineClock.class);

    private final Quarantine quarantine;
    private final SchemaMigration schema;

    public QuarantineClock(Quarantine quarantine, SchemaMigration schema) {
        this.quarantine = quarantine;
        this.schema = schema;
    }

    @Scheduled(every = "${testpulse.quarantine.expiry-tick:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!schema.isMigrated()) {
            return;
        }
        try {
            while (quarantine.expire(null, Instant.now()) > 0) {
                // a batch at a time until nothing is left to release
            }
        } catch (SQLException e) {
            LOG.warnf("quarantine expiry: pass failed, trying again on the next tick: %s", e.toString());
        }
    }
}
