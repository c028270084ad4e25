package dev.testpulse.analysis.failures;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownSignaturesTest {

    @Test
    void givesWhatSigningGivesAndKeepsTheSameOneForARepeatedCause() {
        KnownSignatures known = new KnownSignatures(10, 100);
        FailureSignature first = known.of("java.lang.AssertionError", "expected:<200> but was:<503> after 1234 ms");
        assertThat(first).isEqualTo(FailureSignature.of("java.lang.AssertionError", "expected:<200> but was:<503> after 1234 ms"));
        assertThat(known.of("java.lang.AssertionError", "expected:<200> but was:<503> after 1234 ms")).isSameAs(first);
        assertThat(known.of(null, null)).isEqualTo(FailureSignature.of(null, null));
        assertThat(known.of("E", null)).isNotEqualTo(known.of(null, "E"));
    }

    @Test
    void staysWithinItsBoundsOfEntriesAndMessageLength() {
        KnownSignatures known = new KnownSignatures(3, 20);
        for (int i = 0; i < 10; i++) {
            assertThat(known.of("E", "failure " + i)).isEqualTo(FailureSignature.of("E", "failure " + i));
        }
        assertThat(known.size()).isEqualTo(3);
        String longMessage = "x".repeat(21);
        assertThat(known.of("E", longMessage)).isEqualTo(FailureSignature.of("E", longMessage));
        assertThat(known.of("E", longMessage)).as("too long to keep: signed again").isNotSameAs(known.of("E", longMessage));
    }
}
