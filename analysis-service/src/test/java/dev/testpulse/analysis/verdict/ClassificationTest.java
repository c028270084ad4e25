package dev.testpulse.analysis.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.insights.FlakyTest;

/** The precedence when several classes apply: quarantined > infra > known_flaky > failing_on_default_branch > new. */
class ClassificationTest {

    private static final Evidence.Quarantine QUARANTINE = new Evidence.Quarantine("muted", "gateway down", "admin", null, null);
    private static final Evidence.Infra INFRA = new Evidence.Infra("rule/ci", "rule", 95.0, 80.0, 100);
    private static final FlakyTest FLAKY = new FlakyTest("s", "T", "t", 1, 4, 25.0, Instant.now(), List.of("main"));
    private static final Evidence.DefaultBranch FAILING_THERE = new Evidence.DefaultBranch("main", 1, 2, 0.5, 0.1, 0.9, "failed", Instant.now());
    private static final Evidence.DefaultBranch PASSING_THERE = new Evidence.DefaultBranch("main", 2, 2, 1.0, 0.3, 1.0, "passed", null);

    @Test
    void eachRuleWinsOverThoseBelowIt() {
        assertThat(classify(true, false, INFRA, FLAKY, FAILING_THERE)).isEqualTo(VerdictClass.QUARANTINED);
        assertThat(classify(false, false, INFRA, FLAKY, FAILING_THERE)).isEqualTo(VerdictClass.INFRA);
        assertThat(classify(false, false, null, FLAKY, FAILING_THERE)).isEqualTo(VerdictClass.KNOWN_FLAKY);
        assertThat(classify(false, true, null, null, FAILING_THERE)).isEqualTo(VerdictClass.KNOWN_FLAKY);
        assertThat(classify(false, false, null, null, FAILING_THERE)).isEqualTo(VerdictClass.FAILING_ON_DEFAULT_BRANCH);
        assertThat(classify(false, false, null, null, PASSING_THERE)).isEqualTo(VerdictClass.NEW);
        assertThat(classify(false, false, null, null, null)).isEqualTo(VerdictClass.NEW);
    }

    @Test
    void aNewFailureCarriesTheDefaultBranchRecordThatShowsItPassesThere() {
        FailingTest test = new FailingTest("s", "T", "t", "m", false, false);
        assertThat(Classification.classify(test, null, null, null, PASSING_THERE).evidence()).isEqualTo(PASSING_THERE);
    }

    @Test
    void failOnParsesAListAndRefusesUnknownClasses() {
        assertThat(FailOn.parse(null).wire()).containsExactly("new");
        assertThat(FailOn.parse("infra, new").wire()).containsExactly("new", "infra");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FailOn.parse("new,"))
                .isInstanceOf(dev.testpulse.shared.problem.ProblemException.class);
    }

    private static VerdictClass classify(boolean muted, boolean marked, Evidence.Infra infra, FlakyTest flaky, Evidence.DefaultBranch branch) {
        FailingTest test = new FailingTest("s", "T", "t", "m", muted, marked);
        return Classification.classify(test, muted ? QUARANTINE : null, infra, flaky, branch).verdict();
    }
}
