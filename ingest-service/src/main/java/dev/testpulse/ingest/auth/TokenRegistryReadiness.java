package dev.testpulse.ingest.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the token topic was read to its end: before that, valid tokens would be refused. */
@Readiness
@ApplicationScoped
public class TokenRegistryReadiness implements HealthCheck {

    private final TokenRegistry registry;

    public TokenRegistryReadiness(TokenRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Project tokens").status(registry.caughtUp())
                .withData("topic", registry.topic()).withData("tokens", registry.all().size()).build();
    }
}
