package dev.testpulse.analysis.alerts.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class FailingProjectsTest {

    private final FailingProjects failing = new FailingProjects(Duration.ofSeconds(1), Duration.ofSeconds(5));
    private final Instant now = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void aProjectThatKeepsFailingWaitsLongerEachTimeUpToTheLongestPause() {
        assertThat(failing.summary()).isNull();
        assertThat(failing.failed("p", now, "boom")).isEqualTo(Duration.ofSeconds(1));
        assertThat(failing.waiting("p", now.plusMillis(999))).isTrue();
        assertThat(failing.waiting("p", now.plusSeconds(1))).isFalse();
        assertThat(failing.waiting("q", now)).as("other projects go on").isFalse();
        assertThat(failing.failed("p", now, "boom")).isEqualTo(Duration.ofSeconds(2));
        assertThat(failing.failed("p", now, "boom")).isEqualTo(Duration.ofSeconds(4));
        assertThat(failing.failed("p", now, "boom")).isEqualTo(Duration.ofSeconds(5));
        assertThat(failing.summary()).contains("p failed 4x in a row").contains("boom");

        failing.succeeded("p");
        assertThat(failing.waiting("p", now)).isFalse();
        assertThat(failing.summary()).isNull();
        assertThat(failing.failed("p", now, "again")).as("a new run of failures starts short").isEqualTo(Duration.ofSeconds(1));
    }
}
