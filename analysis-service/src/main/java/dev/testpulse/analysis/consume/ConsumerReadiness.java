package dev.testpulse.analysis.consume;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while the outcome consumer is stuck on a batch it cannot apply, with the error and since when. */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    private final ConsumerProgress progress;

    public ConsumerReadiness(ConsumerProgress progress) {
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        boolean stuck = progress.stuck();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outcome consumer").status(!stuck)
                .withData("oldest_unapplied_age_seconds", Math.round(progress.oldestUnappliedAgeSeconds()));
        if (stuck) {
            response.withData("failing_since", String.valueOf(progress.failingSince()))
                    .withData("last_error", String.valueOf(progress.lastError()));
        }
        return response.build();
    }
}
