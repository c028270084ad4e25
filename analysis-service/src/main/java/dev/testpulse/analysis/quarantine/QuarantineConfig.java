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

    /** The automatic rule's parameters (see {@link AutoQuarantinePolicy}); whether it runs is set per project. */
    Auto auto();

    /** {@code testpulse.quarantine.auto.*}. */
    interface Auto {

        /** How many of a test's newest commits are looked at for flakes. */
        @WithDefault("50")
        int lookbackCommits();

        /** Flaky commits among those that mute the test. */
        @WithDefault("2")
        int minFlakyCommits();

        /** Newest commits failing every try that make a test broken (never muted; released if muted). */
        @WithDefault("2")
        int brokenCommits();

        /** Tries since the mute needed before the evidence can release a test. */
        @WithDefault("30")
        int releaseMinTries();

        /** The newest tries since the mute that the release looks at. */
        @WithDefault("200")
        int releaseWindow();

        /** The Wilson lower bound of the pass rate of those tries that releases the test. */
        @WithDefault("0.97")
        double releaseLowerBound();

        /** How far back a test's executions are read (the raw outcomes are kept 30 days). */
        @WithDefault("P30D")
        Duration history();
    }

    default AutoQuarantinePolicy.Settings policySettings() {
        Auto auto = auto();
        return new AutoQuarantinePolicy.Settings(auto.lookbackCommits(), auto.minFlakyCommits(), auto.brokenCommits(),
                auto.releaseMinTries(), auto.releaseWindow(), auto.releaseLowerBound(), defaultPeriod(), longestPeriod());
    }
}
