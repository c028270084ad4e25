package dev.testpulse.analysis.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.shared.problem.ProblemException;

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
                null, null, null, null, null, null, null);
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
                null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(validate(ok).scope().suiteGlob()).hasSize(200);
        RuleRequest tooLong = new RuleRequest("p", null, "critical_failed", "*a".repeat(100) + "*", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> validate(tooLong)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo("suite_glob"));
    }

    @Test
    void fillsTheDefaultsOfEachKind() {
        AlertRule rate = validate(rule("p", "rate_below", 0.8, null, null, null, null));
        assertThat(rate.thresholds().recoverAbove()).isEqualTo(0.8);
        assertThat(rate.window()).isEqualTo("runs:20");
        assertThat(rate.severity()).isEqualTo("warning");
        assertThat(rate.topic()).isEqualTo("testpulse.alerts");
        AlertRule incident = validate(rule("p", "infra_incident", null, null, null, null, null));
        assertThat(incident.thresholds().failedPct()).isEqualTo(80.0);
        assertThat(incident.thresholds().minSamples()).isEqualTo(5);
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
                null, null, null, severity, topic, null, null);
    }
}
