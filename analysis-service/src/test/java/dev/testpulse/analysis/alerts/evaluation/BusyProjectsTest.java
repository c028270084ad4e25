package dev.testpulse.analysis.alerts.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BusyProjectsTest {

    private final BusyProjects busy = new BusyProjects(3);

    @Test
    void aProjectHeldTickAfterTickIsWaitedForOnceThePatienceIsSpent() {
        for (int tick = 0; tick < 3; tick++) {
            assertThat(busy.mustWait("p")).as("tick %d", tick).isFalse();
            busy.skipped("p");
        }
        assertThat(busy.mustWait("p")).isTrue();
        assertThat(busy.mustWait("q")).as("another project keeps its own count").isFalse();

        busy.stepped("p");
        assertThat(busy.mustWait("p")).as("counting starts again after a step").isFalse();
    }
}
