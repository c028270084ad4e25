package dev.testpulse.ingest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryTrackerTest {

    private final RetryTracker tracker = new RetryTracker();

    @Test
    void testsWhoseNamesHashAlikeAreStillDifferentTests() {
        // "Aa" and "BB" have the same String hash, so these four keys share every hash the tracker computes
        for (String name : new String[] {"AaAa", "BBBB", "AaBB", "BBAa"}) {
            assertThat(tracker.reserve("s", null, "c", name, 1)).as(name).isZero();
        }
        assertThat(tracker.reserve("s", null, "c", "BBBB", 1)).as("a real repeat").isEqualTo(1);
        assertThat(tracker.reserve("s", null, "c", "AaAa", 2)).isEqualTo(1);
        assertThat(tracker.reserve("s", null, "c", "AaAa", 1)).isEqualTo(3);
    }

    @Test
    void numbersRepeatsAfterTheTableGrewAndKeepsSuiteHostAndClassApart() {
        for (int i = 0; i < 50_000; i++) {
            assertThat(tracker.reserve("s", "h", "c", "t" + i, 1)).isZero();
        }
        assertThat(tracker.reserve("s", "h", "c", "t0", 1)).isEqualTo(1);
        assertThat(tracker.reserve("s", "h", "c", "t49999", 3)).isEqualTo(1);
        assertThat(tracker.reserve("s", "h", "c", "t49999", 1)).isEqualTo(4);
        assertThat(tracker.reserve("other", "h", "c", "t0", 1)).as("another suite").isZero();
        assertThat(tracker.reserve("s", "other", "c", "t0", 1)).as("another host").isZero();
        assertThat(tracker.reserve("s", null, "c", "t0", 1)).as("no host").isZero();
        assertThat(tracker.reserve("s", "h", null, "t0", 1)).as("no class").isZero();
        assertThat(tracker.overflowed()).isFalse();
    }

    @Test
    void pastTheCapNewTestsAreNotTrackedButKnownOnesStillAre() {
        for (int i = 0; i < RetryTracker.MAX_TRACKED; i++) {
            tracker.reserve("s", null, null, Integer.toString(i), 1);
        }
        assertThat(tracker.overflowed()).isFalse();
        assertThat(tracker.reserve("s", null, null, "new", 1)).isZero();
        assertThat(tracker.reserve("s", null, null, "new", 1)).as("not remembered").isZero();
        assertThat(tracker.overflowed()).isTrue();
        assertThat(tracker.reserve("s", null, null, "7", 1)).as("tracked before the cap").isEqualTo(1);
    }

    @Test
    void whereTheClassNameEndsAndTheNameBeginsMatters() {
        assertThat(tracker.reserve("s", null, "ab", "c", 1)).isZero();
        assertThat(tracker.reserve("s", null, "a", "bc", 1)).isZero();
        assertThat(tracker.reserve("s", null, null, "abc", 1)).isZero();
        assertThat(tracker.reserve("s", null, "", "abc", 1)).as("an empty class name is not none").isZero();
        assertThat(tracker.reserve("s", null, "ab", "c", 1)).isEqualTo(1);
        assertThat(tracker.reserve("s", null, null, "abc", 1)).isEqualTo(1);
    }

    @Test
    void namesBeyondLatin1AndLongOnesAreComparedInFull() {
        String wide = "t\u00ff\u0100\u4e2d\ud83d\ude00";
        String longName = "x".repeat(60_000) + "\u4e2d";
        assertThat(tracker.reserve("s", "h", "\u00ffclass", wide, 1)).isZero();
        assertThat(tracker.reserve("s", "h", "\u00ffclass", "t\u00ff\u0100\u4e2d\ud83d\ude01", 1)).as("last char differs").isZero();
        assertThat(tracker.reserve("s", "h", "\u0100class", wide, 1)).as("a wide char against \u00ff").isZero();
        for (int i = 0; i < 40; i++) { // more than a chunk of long names
            assertThat(tracker.reserve("s", "h", "c", longName + i, 1)).isZero();
        }
        assertThat(tracker.reserve("s", "h", "\u00ffclass", wide, 2)).isEqualTo(1);
        assertThat(tracker.reserve("s", "h", "c", longName + 0, 1)).isEqualTo(1);
        assertThat(tracker.reserve("s", "h", "c", longName + 39, 1)).isEqualTo(1);
    }

    @Test
    void suitesAndHostsThatComeBackKeepTheirNumbering() {
        assertThat(tracker.reserve("a", "h1", "c", "t", 1)).isZero();
        assertThat(tracker.reserve("b", "h1", "c", "t", 1)).isZero();
        assertThat(tracker.reserve("a", "h2", "c", "t", 1)).isZero();
        assertThat(tracker.reserve(null, null, "c", "t", 1)).isZero();
        assertThat(tracker.reserve("a", "h1", "c", "t", 1)).isEqualTo(1);
        assertThat(tracker.reserve(null, null, "c", "t", 1)).isEqualTo(1);
        assertThat(tracker.reserve("a", "h2", "c", "t", 1)).isEqualTo(1);
    }
}
