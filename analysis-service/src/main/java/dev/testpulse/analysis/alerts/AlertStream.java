package dev.testpulse.analysis.alerts;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/** The live feed behind {@code /api/v1/alerts/stream}: every event this instance published, as it is published. */
@ApplicationScoped
public class AlertStream {

    private final BroadcastProcessor<Published> events = BroadcastProcessor.create();

    void publish(String project, String cloudEventJson) {
        events.onNext(new Published(project, cloudEventJson));
    }

    /** The events of one project, or of all when {@code project} is null. */
    public Multi<String> events(String project) {
        return events.filter(event -> project == null || project.equals(event.project())).map(Published::json);
    }

    private record Published(String project, String json) {
    }
}
