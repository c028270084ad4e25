package dev.testpulse.analysis.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.outcome.Outcome;

class OutcomeCodecTest {

    private static final Instant OBSERVED = Instant.parse("2026-12-06T09:17:20.123456789Z");

    @Test
    void everyFieldARuleReadsComesBackAsItWasWrittenAndNothingElse() {
        Outcome full = new Outcome(Outcome.SCHEMA, "id-1", "webshop", "ci",
                new Outcome.Run("run-7", 2, "linux-17", "9fceb02", "main", OBSERVED.minusSeconds(60), "https://ci.example/7"),
                "checkout", new Outcome.Test("com.acme.CheckoutTest", "pays \u0000 with 💳\ttab", "src/CheckoutTest.java",
                        List.of("critical", "slow")),
                "failed", 1234, new Outcome.Failure("java.lang.AssertionError", "expected:<200>\nbut was:<503>" + "x".repeat(100_000),
                        "at com.acme.CheckoutTest.pays(CheckoutTest.java:42)"),
                1, OBSERVED, true, true);
        Outcome sparse = new Outcome(null, "id-2", "webshop", "ci", new Outcome.Run("run-7", 1, null, null, null, null, null),
                "checkout", new Outcome.Test(null, "bare", null, null), "passed", 0, null, 0, OBSERVED, null, null);
        Outcome muteOff = new Outcome(null, "id-3", "webshop", "ci", new Outcome.Run("r", 1, "", "", "", null, null), "",
                new Outcome.Test("", "", null, List.of()), "skipped", -1, new Outcome.Failure(null, null, null), 0, OBSERVED, false, false);

        List<Outcome> back = OutcomeCodec.decode(OutcomeCodec.encode(List.of(full, sparse, muteOff)));

        // what no rule reads stays out: the schema name, the test's file, the trace
        Outcome fullLean = new Outcome(null, full.id(), full.project(), full.pipeline(), full.run(), full.suite(),
                new Outcome.Test(full.test().className(), full.test().name(), null, full.test().tags()), full.status(), full.durationMs(),
                new Outcome.Failure(full.failure().type(), full.failure().message(), null), full.retry(), full.observedAt(), true, true);
        assertThat(back).containsExactly(fullLean, sparse, muteOff);
        assertThat(back.get(0).ranMuted()).isTrue();
        assertThat(OutcomeCodec.decode(OutcomeCodec.encode(List.of()))).isEmpty();
    }

    @Test
    void aCutRowOrAnUnknownFormIsAnErrorNotWrongOutcomes() {
        byte[] bytes = OutcomeCodec.encode(List.of(new Outcome(null, "id", "p", "ci", new Outcome.Run("r", 1, null, null, null, null, null),
                "s", new Outcome.Test("C", "t", null, List.of()), "passed", 1, null, 0, OBSERVED, null, null)));
        assertThatThrownBy(() -> OutcomeCodec.decode(Arrays.copyOf(bytes, bytes.length - 3))).hasMessageContaining("truncated");
        bytes[0] = 9;
        assertThatThrownBy(() -> OutcomeCodec.decode(bytes)).hasMessageContaining("unknown form 9");
    }
}
