package dev.testpulse.shared.tokens;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.testpulse.auth.TokenRegistry;

/** Not ready until the token topic was read to its end, nor while its reader is down and restarting. */
@Readiness
@ApplicationScoped
public class TokenRegistryReadiness implements HealthCheck {

    private final TokenRegistry registry;

    public TokenRegistryReadiness(TokenRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Project tokens").status(registry.caughtUp() && registry.healthy())
                .withData("topic", registry.topic()).withData("tokens", registry.all().size())
                .withData("skipped_records", registry.skipped()).withData("reader_restarts", registry.restarts()).build();
    }
}
