package dev.testpulse.analysis.schema;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the database schema is migrated: until then nothing can be counted or read. */
@Readiness
@ApplicationScoped
public class SchemaReadiness implements HealthCheck {

    private final SchemaMigration migration;

    public SchemaReadiness(SchemaMigration migration) {
        this.migration = migration;
    }

    @Override
    public HealthCheckResponse call() {
        return migration.isMigrated() ? HealthCheckResponse.up("database schema")
                : HealthCheckResponse.named("database schema").down().withData("error", String.valueOf(migration.lastError())).build();
    }
}
