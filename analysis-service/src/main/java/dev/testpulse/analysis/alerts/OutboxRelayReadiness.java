package dev.testpulse.analysis.alerts;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the outbox relay has not gone through the outbox for a minute: alerts would pile up unsent. The
 * scheduler runs the relay again on its next tick whatever happened to the last one; this makes a stall visible.
 */
@Readiness
@ApplicationScoped
public class OutboxRelayReadiness implements HealthCheck {

    static final Duration STALE = Duration.ofSeconds(60);

    private final OutboxRelay relay;

    public OutboxRelayReadiness(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        Instant last = relay.lastPass();
        return HealthCheckResponse.named("Alert outbox relay").status(last.isAfter(Instant.now().minus(STALE)))
                .withData("last_pass", last.toString()).build();
    }
}
