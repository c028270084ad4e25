package dev.testpulse.analysis.alerts.rules;

import java.time.Duration;
import java.util.Objects;

import dev.testpulse.shared.problem.ProblemException;

/**
 * An auto_quarantine rule's parameters ({@code "quarantine": {...}} of a rule): when its evidence mutes a test, when it
 * releases one, and for how long a mute lasts. Everything is optional on the wire; {@link #validated} checks each
 * field (422 naming {@code quarantine.<field>}) and fills the defaults, which are the values the seeded simulation
 * states its rates for (docs/quarantine.md). Durations are written like a rule's ({@code 14d}, {@code 12h}).
 *
 * @param lookbackCommits how many of a test's newest commits are looked at for flakes
 * @param minFlakyCommits flaky commits among those that mute the test
 * @param brokenCommits newest commits failing every try that make a test broken: never muted, released if muted
 * @param releaseMinTries tries since the mute needed before the evidence can release a test
 * @param releaseWindow the newest tries since the mute that the release looks at
 * @param releaseLowerBound the 95% Wilson lower bound of their pass rate that releases the test
 * @param mutePeriod how long the first automatic mute of a test lasts
 * @param growth each later automatic mute of the same test lasts this many times the one before (a relapse)
 * @param longestPeriod no automatic mute lasts longer: a quarantine always ends
 */
public record QuarantineParameters(Integer lookbackCommits, Integer minFlakyCommits, Integer brokenCommits, Integer releaseMinTries,
        Integer releaseWindow, Double releaseLowerBound, String mutePeriod, Double growth, String longestPeriod) {

    /** A test's evidence is read up to this many tries ({@code quarantine.TestEvidence}): windows beyond it could never fill. */
    public static final int MOST_TRIES = 400;
    /** A quarantine always ends: the longest a state may be set for, by hand or by a rule. */
    public static final Duration LONGEST = Duration.ofDays(90);
    /** The defaults, as the simulation measures them. */
    public static final QuarantineParameters DEFAULTS = new QuarantineParameters(50, 2, 2, 30, 200, 0.97, "14d", 2.0, "90d");

    /** Checks each field and fills the missing ones from {@link #DEFAULTS}; {@code null} stands for all defaults. */
    public static QuarantineParameters validated(QuarantineParameters in) {
        QuarantineParameters p = in == null ? DEFAULTS : in;
        int lookback = Objects.requireNonNullElse(p.lookbackCommits, DEFAULTS.lookbackCommits);
        require(lookback >= 1 && lookback <= 100, "lookback_commits", "must be from 1 to 100");
        int minFlaky = Objects.requireNonNullElse(p.minFlakyCommits, DEFAULTS.minFlakyCommits);
        require(minFlaky >= 1 && minFlaky <= lookback, "min_flaky_commits", "must be from 1 to lookback_commits (" + lookback + ")");
        int broken = Objects.requireNonNullElse(p.brokenCommits, DEFAULTS.brokenCommits);
        require(broken >= 1 && broken <= lookback, "broken_commits", "must be from 1 to lookback_commits (" + lookback + ")");
        int window = Objects.requireNonNullElse(p.releaseWindow, DEFAULTS.releaseWindow);
        require(window >= 1 && window <= MOST_TRIES, "release_window", "must be from 1 to " + MOST_TRIES + " tries");
        int minTries = Objects.requireNonNullElse(p.releaseMinTries, DEFAULTS.releaseMinTries);
        require(minTries >= 1 && minTries <= window, "release_min_tries", "must be from 1 to release_window (" + window + ")");
        double lowerBound = Objects.requireNonNullElse(p.releaseLowerBound, DEFAULTS.releaseLowerBound);
        require(lowerBound > 0 && lowerBound < 1, "release_lower_bound", "must lie between 0 and 1, e.g. 0.97");
        String period = p.mutePeriod == null ? DEFAULTS.mutePeriod : p.mutePeriod.trim();
        long periodSeconds = RuleValidator.seconds(period, "quarantine.mute_period");
        require(periodSeconds >= 3600 && periodSeconds <= LONGEST.toSeconds(), "mute_period", "must be from 1h to 90d");
        double growth = Objects.requireNonNullElse(p.growth, DEFAULTS.growth);
        require(growth >= 1 && growth <= 10, "growth", "must be from 1 (every mute as long) to 10");
        String longest = p.longestPeriod == null ? DEFAULTS.longestPeriod : p.longestPeriod.trim();
        long longestSeconds = RuleValidator.seconds(longest, "quarantine.longest_period");
        require(longestSeconds >= periodSeconds && longestSeconds <= LONGEST.toSeconds(), "longest_period",
                "must be from mute_period (" + period + ") to 90d");
        return new QuarantineParameters(lookback, minFlaky, broken, minTries, window, lowerBound, period, growth, longest);
    }

    /** The first mute's length; of validated parameters only. */
    public Duration mute() {
        return Duration.ofSeconds(RuleValidator.seconds(mutePeriod, "quarantine.mute_period"));
    }

    /** The longest mute; of validated parameters only. */
    public Duration longest() {
        return Duration.ofSeconds(RuleValidator.seconds(longestPeriod, "quarantine.longest_period"));
    }

    private static void require(boolean ok, String field, String detail) {
        if (!ok) {
            throw invalid(field, detail);
        }
    }

    private static ProblemException invalid(String field, String detail) {
        return RuleValidator.invalid("quarantine." + field, detail);
    }
}
