package dev.testpulse.analysis.webhooks;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How alert events are delivered to webhook targets ({@code testpulse.webhooks.*} in application.properties). */
@ConfigMapping(prefix = "testpulse.webhooks")
public interface WebhookConfig {

    /** How often targets with undelivered events are looked for (a Quarkus scheduler interval). */
    @WithDefault("1s")
    String poll();

    /** A target that has not answered a delivery (connected and responded) within this long has failed it. */
    @WithDefault("10s")
    Duration timeout();

    /** After a failure a target waits this long before its next attempt, doubling with each further failure ... */
    @WithDefault("1s")
    Duration backoffInitial();

    /** ... up to this long: a dead target is still tried, but rarely. */
    @WithDefault("5m")
    Duration backoffMax();

    /** A target that failed this many times in a row shows as failing in the API (and keeps being retried). */
    @WithDefault("5")
    int failingAfter();

    /** Events delivered to one target per transaction, in order; the next batch follows at once. */
    @WithDefault("50")
    int batch();

    /** Targets delivered to at the same time by one instance: a slow target occupies one of these, never all. */
    @WithDefault("4")
    int concurrency();

    /** Targets one project may have. */
    @WithDefault("20")
    int maxTargetsPerProject();
}
