package dev.testpulse.analysis.quarantine;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Test states and the automatic quarantine ({@code testpulse.quarantine.*} in application.properties). */
@ConfigMapping(prefix = "testpulse.quarantine")
public interface QuarantineConfig {

    /** How long a state set without an {@code until} lasts. */
    @WithDefault("P14D")
    Duration defaultPeriod();

    /** The longest a state may be set for: a quarantine always ends, so none is forgotten. */
    @WithDefault("P90D")
    Duration longestPeriod();

    /** How often states past their {@code until} are released (a Quarkus scheduler interval). */
    @WithDefault("30s")
    String expiryTick();

    /** What the auto_quarantine rules read; their parameters are each rule's ({@code quarantine} of the rule). */
    Auto auto();

    /** {@code testpulse.quarantine.auto.*}. */
    interface Auto {

        /** How far back a test's executions are read (the raw outcomes are kept 30 days). */
        @WithDefault("P30D")
        Duration history();
    }
}
