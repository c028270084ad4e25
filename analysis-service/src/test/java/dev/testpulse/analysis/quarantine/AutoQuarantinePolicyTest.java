package dev.testpulse.analysis.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.quarantine.AutoQuarantinePolicy.Current;
import dev.testpulse.analysis.quarantine.AutoQuarantinePolicy.Decision;
import dev.testpulse.analysis.quarantine.AutoQuarantinePolicy.Try;

/** The automatic rule's decisions on hand-made histories: each path of {@link AutoQuarantinePolicy} once. */
class AutoQuarantinePolicyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private final AutoQuarantinePolicy policy = new AutoQuarantinePolicy(AutoQuarantineSimulationTest.DEFAULTS);
    private final List<Try> newestFirst = new ArrayList<>();
    private int minute;

    private void commit(boolean... tries) {
        String commit = "c" + minute;
        for (boolean passed : tries) {
            newestFirst.add(0, new Try(commit, passed, false, T0.plus(Duration.ofMinutes(minute++))));
        }
    }

    private Instant now() {
        return T0.plus(Duration.ofMinutes(minute + 1));
    }

    @Test
    void twoCommitsThatPassedOnlyOnRetryMuteForTheDefaultPeriod() {
        commit(false, true);
        commit(true);
        assertThat(policy.decide(newestFirst, Current.NONE, now()).none()).as("one flaky commit is not enough").isTrue();
        commit(false, true);
        Decision decision = policy.decide(newestFirst, Current.NONE, now());
        assertThat(decision.state()).isEqualTo(TestState.MUTED);
        assertThat(decision.until()).isEqualTo(now().plus(Duration.ofDays(14)));
        assertThat(decision.evidence()).startsWith("flaky on 2 of its last 3 commits");
    }

    @Test
    void theToolsFlakyMarkAloneCountsAndARepeatMuteLastsTwiceAsLong() {
        newestFirst.add(0, new Try("a", true, true, T0.plusSeconds(1)));
        newestFirst.add(0, new Try("b", true, true, T0.plusSeconds(2)));
        Decision decision = policy.decide(newestFirst, new Current(TestState.ENABLED, "auto", T0, 2), T0.plusSeconds(3));
        assertThat(decision.until()).isEqualTo(T0.plusSeconds(3).plus(Duration.ofDays(56)));
        assertThat(decision.evidence()).contains("muted automatically 2 time(s) before, so for 56 days");
        assertThat(policy.decide(newestFirst, new Current(TestState.ENABLED, "auto", T0, 5), T0.plusSeconds(3)).until())
                .as("at most 90 days").isEqualTo(T0.plusSeconds(3).plus(Duration.ofDays(90)));
    }

    @Test
    void aTestFailingEveryTrySinceACommitIsBrokenNotFlaky() {
        commit(false, true);
        commit(false, true);
        commit(false, false, false);
        commit(false, false, false);
        assertThat(policy.decide(newestFirst, Current.NONE, now()).none()).isTrue();
    }

    @Test
    void flakesBeforeTheLastReleaseDoNotMuteAgain() {
        commit(false, true);
        commit(false, true);
        Instant released = now();
        minute += 2;
        commit(true);
        assertThat(policy.decide(newestFirst, new Current(TestState.ENABLED, "auto", released, 1), now()).none()).isTrue();
    }

    @Test
    void aMutedTestIsReleasedOnEvidenceOrWhenItBreaksButNeverWhenSetByHand() {
        Current muted = new Current(TestState.MUTED, "auto", T0.minusSeconds(1), 1);
        for (int i = 0; i < 100; i++) {
            commit(true);
        }
        assertThat(policy.decide(newestFirst, muted, now()).none()).as("100 of 100: lower bound 0.963 < 0.97").isTrue();
        for (int i = 0; i < 30; i++) {
            commit(true);
        }
        Decision released = policy.decide(newestFirst, muted, now());
        assertThat(released.state()).isEqualTo(TestState.ENABLED);
        assertThat(released.evidence()).startsWith("passed 130 of its last 130 tries while muted");
        assertThat(policy.decide(newestFirst, new Current(TestState.MUTED, "token", T0.minusSeconds(1), 0), now()).none()).isTrue();

        commit(false, false, false);
        commit(false, false, false);
        Decision broken = policy.decide(newestFirst, muted, now());
        assertThat(broken.state()).isEqualTo(TestState.ENABLED);
        assertThat(broken.evidence()).contains("broken, not flaky");
    }
}
