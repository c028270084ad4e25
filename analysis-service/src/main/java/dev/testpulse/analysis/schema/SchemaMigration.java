package dev.testpulse.analysis.schema;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Migrates the database with Flyway once PostgreSQL can be reached, instead of at start: a service started while
 * the database is away waits (readiness DOWN, see {@link SchemaReadiness}) rather than exiting. Fires
 * {@link SchemaReady} once, when the schema is current; everything that touches tables waits for it.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

    private final Flyway flyway;
    private final Event<SchemaReady> ready;
    private final AtomicBoolean migrated = new AtomicBoolean();
    private volatile String lastError = "not tried yet";

    public SchemaMigration(Flyway flyway, Event<SchemaReady> ready) {
        this.flyway = flyway;
        this.ready = ready;
    }

    public boolean isMigrated() {
        return migrated.get();
    }

    String lastError() {
        return lastError;
    }

    // Tried once at start so that a reachable database is migrated before the first request, as before.
    void atStart(@Observes StartupEvent start) {
        migrateUntilDone();
    }

    // Concurrent instances are safe: Flyway serialises migrations with a PostgreSQL advisory lock.
    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void migrateUntilDone() {
        if (migrated.get()) {
            return;
        }
        try {
            int applied = flyway.migrate().migrationsExecuted;
            migrated.set(true);
            LOG.infof("database schema is current (%d migration(s) applied now)", applied);
            ready.fire(new SchemaReady());
        } catch (RuntimeException e) {
            String error = e.getMessage();
            if (!error.equals(lastError)) {
                LOG.warnf("database not migrated yet, retrying every 2 s: %s", error);
            }
            lastError = error;
        }
    }

    /** The CDI event fired once the schema is current. */
    public record SchemaReady() {
    }
}
