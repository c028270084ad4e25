package dev.testpulse.analysis.workers;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while any background worker has been quiet longer than it may be: alerts or dead letters would pile up unsent. */
@Readiness
@ApplicationScoped
public class HeartbeatReadiness implements HealthCheck {

    private final Heartbeats heartbeats;

    public HeartbeatReadiness(Heartbeats heartbeats) {
        this.heartbeats = heartbeats;
    }

    @Override
    public HealthCheckResponse call() {
        Instant now = Instant.now();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Background workers").up();
        for (Map.Entry<String, Heartbeats.Beat> worker : new TreeMap<>(heartbeats.all()).entrySet()) {
            Heartbeats.Beat beat = worker.getValue();
            response.withData(worker.getKey(), (beat.alive(now) ? "alive" : "STUCK") + ", last pass " + beat.last()
                    + ", restarts " + beat.restarts() + (beat.problem() == null ? "" : ", failing: " + beat.problem()));
            if (!beat.alive(now)) {
                response.down();
            }
        }
        return response.build();
    }
}
