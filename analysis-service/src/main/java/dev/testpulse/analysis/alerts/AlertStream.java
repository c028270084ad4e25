package dev.testpulse.analysis.alerts;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/** The live feed behind {@code /api/v1/alerts/stream}: every event this instance published, as it is published. */
@ApplicationScoped
public class AlertStream {

    private final BroadcastProcessor<String> events = BroadcastProcessor.create();

    void publish(String cloudEventJson) {
        events.onNext(cloudEventJson);
    }

    public Multi<String> events() {
        return events;
    }
}
