package dev.testpulse.analysis.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.windows.Window;

class RuleValidatorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no project          | null  | rate_below     | 0.9  | null | null | null | project",
            "unknown kind        | p     | rate_up        | 0.9  | null | null | null | kind",
            "rate without below  | p     | rate_below     | null | null | null | null | below",
            "below above 1       | p     | rate_below     | 1.2  | null | null | null | below",
            "recover under below | p     | rate_below     | 0.9  | 0.8  | null | null | recover_above",
            "drop without points | p     | baseline_drop  | null | null | null | null | drop_pp",
            "bad window          | p     | rate_below     | 0.9  | null | 1w   | null | window",
            "bad severity        | p     | rate_below     | 0.9  | null | null | loud | severity"}, nullValues = "null")
    void refusesNamingTheField(String what, String project, String kind, Double below, Double recover, String window,
            String severity, String field) {
        RuleRequest request = rule(project, kind, below, recover, window, severity, null);
        assertThatThrownBy(() -> validate(request)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo(field));
    }

    @Test
    void aDurationRegressionRuleNeedsNoThresholdsAndAMinimumItsBaselineCanMeet() {
        AlertRule rule = validate(rule("p", "duration_regression", null, null, null, null, null));
        assertThat(rule.kind()).isEqualTo(AlertKind.DURATION_REGRESSION);
        assertThat(rule.thresholds().minSamples()).isZero();
        RuleRequest tooMany = new RuleRequest("p", null, "duration_regression", null, null, null, null, null, null, null, null, 31L, null, null,
                null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> validate(tooMany)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo("min_samples"));
    }

    @ParameterizedTest(name = "topic {0} allowed: {1}")
    @CsvSource({"testpulse.alerts, true", "testpulse.alerts.team-a, true", "testpulse.alerts., false", "testpulse.tokens, false",
            "testpulse.outcomes, false", "__consumer_offsets, false", "testpulse.alertsX, false", "'testpulse.alerts.a b', false"})
    void publishesOnlyToTheAlertTopicOrUnderItsPrefix(String topic, boolean allowed) {
        RuleRequest request = rule("p", "critical_failed", null, null, null, null, topic);
        if (allowed) {
            assertThat(validate(request).topic()).isEqualTo(topic);
        } else {
            assertThatThrownBy(() -> validate(request)).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(422))
                    .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo("topic"));
        }
    }

    @Test
    void refusesGlobsLongerThanTwoHundredCharacters() {
        RuleRequest ok = new RuleRequest("p", null, "critical_failed", "*a".repeat(100), "t".repeat(200), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(validate(ok).scope().suiteGlob()).hasSize(200);
        RuleRequest tooLong = new RuleRequest("p", null, "critical_failed", "*a".repeat(100) + "*", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> validate(tooLong)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo("suite_glob"));
    }

    @Test
    void fillsTheDefaultsOfEachKind() {
        AlertRule rate = validate(rule("p", "rate_below", 0.8, null, null, null, null));
        assertThat(rate.thresholds()).isEqualTo(new Thresholds.RateBelow(0.8, 0.8, 0, null));
        assertThat(rate.window()).isEqualTo("runs:20").isEqualTo(Window.RULE_DEFAULT.label());
        assertThat(rate.severity()).isEqualTo("warning");
        assertThat(rate.topic()).isEqualTo("testpulse.alerts");
        AlertRule incident = validate(rule("p", "infra_incident", null, null, null, null, null));
        assertThat(incident.thresholds()).isEqualTo(new Thresholds.InfraIncident(80.0, 5, null));
    }

    /** A rule keeps only its kind's numbers; the API and the table see them flat, and read back the same thresholds. */
    @Test
    void thresholdsHoldTheirKindsNumbersAndMapToTheFlatColumnsBothWays() {
        RuleRequest stray = new RuleRequest("p", null, "baseline_drop", null, null, null, null, 0.9, 0.95, 5.0, null, null, 0.9,
                50.0, null, null, null, null, null, null, null, null, null);
        AlertRule drop = validate(stray);
        assertThat(drop.thresholds()).isEqualTo(new Thresholds.BaselineDrop(5.0, 5.0, 0, 0.9));
        assertThat(drop.thresholds().columns()).isEqualTo(new ThresholdColumns(null, null, 5.0, 5.0, 0, 0.9, null));
        for (String kind : List.of("rate_below", "baseline_drop", "infra_incident", "duration_regression", "critical_failed")) {
            RuleRequest request = new RuleRequest("p", null, kind, null, null, null, null, 0.8, null, 10.0, null, 3L, null, null,
                    null, null, null, null, null, null, null, null, null);
            Thresholds thresholds = validate(request).thresholds();
            assertThat(thresholds.columns().thresholds(validate(request).kind())).as(kind).isEqualTo(thresholds);
            assertThat(thresholds.minSamples()).as(kind).isEqualTo(3);
        }
    }

    @Test
    void anAutoQuarantineRuleFillsItsParametersWithTheSimulatedDefaultsAndKeepsItsScope() {
        AlertRule rule = validate(autoQuarantine(null, null));
        assertThat(rule.kind()).isEqualTo(AlertKind.AUTO_QUARANTINE);
        assertThat(rule.quarantine()).isEqualTo(QuarantineParameters.DEFAULTS);
        assertThat(rule.scope()).isEqualTo(new AlertRule.Scope("api-*", "*Flaky*", null));
        AlertRule partial = validate(autoQuarantine(null, new QuarantineParameters(null, 3, null, null, null, 0.99, "7d", null, null)));
        assertThat(partial.quarantine()).isEqualTo(new QuarantineParameters(50, 3, 2, 30, 200, 0.99, "7d", 2.0, "90d"));
        assertThat(partial.quarantine().mute()).isEqualTo(Duration.ofDays(7));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "lookback 0            | 0    | null | null | null | null | null | null | null | quarantine.lookback_commits",
            "more flakes than seen | 5    | 6    | null | null | null | null | null | null | quarantine.min_flaky_commits",
            "min tries over window | null | null | 50   | 40   | null | null | null | null | quarantine.release_min_tries",
            "window over evidence  | null | null | null | 401  | null | null | null | null | quarantine.release_window",
            "lower bound 1         | null | null | null | null | 1.0  | null | null | null | quarantine.release_lower_bound",
            "mute of a minute      | null | null | null | null | null | 1m   | null | null | quarantine.mute_period",
            "mute not a duration   | null | null | null | null | null | 2w   | null | null | quarantine.mute_period",
            "shrinking mutes       | null | null | null | null | null | null | 0.5  | null | quarantine.growth",
            "longest over 90 days  | null | null | null | null | null | null | null | 91d  | quarantine.longest_period",
            "longest under mute    | null | null | null | null | null | 14d  | null | 7d   | quarantine.longest_period"})
    void refusesAutoQuarantineParametersOutOfRangeNamingTheField(String what, Integer lookback, Integer minFlaky, Integer minTries,
            Integer window, Double lowerBound, String mute, Double growth, String longest, String field) {
        RuleRequest request = autoQuarantine(null, new QuarantineParameters(lookback, minFlaky, null, minTries, window, lowerBound, mute,
                growth, longest));
        assertThatThrownBy(() -> validate(request)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(422))
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo(field));
    }

    @Test
    void anAutoQuarantineRuleTakesNoBranchAndOtherKindsNoQuarantineParameters() {
        assertThatThrownBy(() -> validate(autoQuarantine("main", null)))
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo("branch"));
        RuleRequest rate = new RuleRequest("p", null, "rate_below", null, null, null, null, 0.9, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, QuarantineParameters.DEFAULTS);
        assertThatThrownBy(() -> validate(rate))
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo("quarantine"));
    }

    @Test
    void aDurationRuleJudgesTestsByDefaultOrSuitesAsAWhole() {
        assertThat(validate(duration(null, "checkout*")).per()).isEqualTo(AlertRule.Per.TEST);
        assertThat(validate(duration("suite", null)).per()).isEqualTo(AlertRule.Per.SUITE);
        assertThatThrownBy(() -> validate(duration("class", null)))
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo("per"));
        assertThatThrownBy(() -> validate(duration("suite", "checkout*")))
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo("test_glob"));
        assertThat(validate(rule("p", "critical_failed", null, null, null, null, null)).per()).isNull();
    }

    @ParameterizedTest(name = "{0} = {1} s")
    @CsvSource({"30s, 30", "5m, 300", "2h, 7200", "1d, 86400"})
    void readsDurations(String text, long seconds) {
        assertThat(RuleValidator.seconds(text, "for_duration")).isEqualTo(seconds);
    }

    private static AlertRule validate(RuleRequest request) {
        return RuleValidator.validate(request, "rule_x", 500, Duration.ofDays(30), "testpulse.alerts.");
    }

    private static RuleRequest rule(String project, String kind, Double below, Double recover, String window, String severity,
            String topic) {
        return new RuleRequest(project, null, kind, null, null, null, window, below, recover, null, null, null, null, null,
                null, null, null, severity, topic, null, null, null, null);
    }

    private static RuleRequest autoQuarantine(String branch, QuarantineParameters parameters) {
        return new RuleRequest("p", null, "auto_quarantine", "api-*", "*Flaky*", branch, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, parameters);
    }

    private static RuleRequest duration(String per, String testGlob) {
        return new RuleRequest("p", null, "duration_regression", "web", testGlob, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, per, null);
    }
}
