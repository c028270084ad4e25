package dev.testpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.testpulse.shared.problem.ProblemException;

class ReportBudgetTest {

    private static final long MB = 1024 * 1024;
    /** Long enough never to run out while a test releases room on purpose. */
    private static final Duration PATIENT = Duration.ofSeconds(30);

    @Test
    void admitsUploadsThatFitTogether() {
        ReportBudget budget = new ReportBudget(10 * MB, Duration.ZERO, 7);
        try (ReportBudget.Permit first = budget.admit(4 * MB); ReportBudget.Permit second = budget.admit(6 * MB)) {
            assertThat(budget.inFlightBytes()).isEqualTo(10 * MB);
        }
        assertThat(budget.inFlightBytes()).isZero();
    }

    @Test
    void anUploadThatDoesNotFitWaitsUntilAnEarlierOneIsAnswered() throws Exception {
        ReportBudget budget = new ReportBudget(10 * MB, PATIENT, 7);
        ReportBudget.Permit first = budget.admit(8 * MB);
        CompletableFuture<ReportBudget.Permit> second = CompletableFuture.supplyAsync(() -> budget.admit(5 * MB));
        await().atMost(10, TimeUnit.SECONDS).until(() -> budget.waiting() == 1);
        assertThat(second).isNotDone();

        first.close();

        try (ReportBudget.Permit admitted = second.get(10, TimeUnit.SECONDS)) {
            assertThat(budget.inFlightBytes()).isEqualTo(5 * MB);
        }
    }

    @Test
    void refusesWith503AndRetryAfterWhenNoRoomCameInTime() {
        ReportBudget budget = new ReportBudget(10 * MB, Duration.ofMillis(50), 7);
        try (ReportBudget.Permit held = budget.admit(9 * MB)) {
            assertThatThrownBy(() -> budget.admit(2 * MB))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(503);
                        assertThat(e.problem().type()).isEqualTo("urn:testpulse:problem:ingest-busy");
                        assertThat(e.problem().detail()).contains("9.0 MB of uploads in flight", "2.0 MB", "10.0 MB budget");
                        assertThat(e.headers()).containsEntry("Retry-After", 7);
                    });
            // the refused upload took nothing
            assertThat(budget.inFlightBytes()).isEqualTo(9 * MB);
        }
        try (ReportBudget.Permit whole = budget.admit(10 * MB)) {
            assertThat(budget.inFlightBytes()).isEqualTo(10 * MB);
        }
    }

    @Test
    void anUploadLargerThanTheWholeBudgetRunsAlone() throws Exception {
        ReportBudget budget = new ReportBudget(10 * MB, PATIENT, 7);
        ReportBudget.Permit small = budget.admit(1 * MB);
        CompletableFuture<ReportBudget.Permit> huge = CompletableFuture.supplyAsync(() -> budget.admit(40 * MB));
        await().atMost(10, TimeUnit.SECONDS).until(() -> budget.waiting() == 1);
        assertThat(huge).isNotDone();

        small.close();

        ReportBudget.Permit alone = huge.get(10, TimeUnit.SECONDS);
        assertThat(budget.inFlightBytes()).as("it counts as the whole budget").isEqualTo(10 * MB);
        CompletableFuture<ReportBudget.Permit> tiny = CompletableFuture.supplyAsync(() -> budget.admit(1));
        await().atMost(10, TimeUnit.SECONDS).until(() -> budget.waiting() == 1);
        assertThat(tiny).isNotDone();
        alone.close();
        tiny.get(10, TimeUnit.SECONDS).close();
        assertThat(budget.inFlightBytes()).isZero();
    }

    @Test
    void anyDeclaredSizeTakesAtMostTheWholeBudget() {
        ReportBudget budget = new ReportBudget(10 * MB, Duration.ZERO, 7);
        try (ReportBudget.Permit huge = budget.admit(Long.MAX_VALUE)) {
            assertThatThrownBy(() -> budget.admit(1)).isInstanceOf(ProblemException.class);
        }
        budget.admit(10 * MB).close();
    }

    @Test
    void anUploadThatFailsGivesItsShareBack() {
        ReportBudget budget = new ReportBudget(10 * MB, Duration.ZERO, 7);
        assertThatThrownBy(() -> {
            try (ReportBudget.Permit admitted = budget.admit(10 * MB)) {
                throw new IllegalStateException("the parser failed");
            }
        }).hasMessage("the parser failed");

        assertThat(budget.inFlightBytes()).isZero();
        budget.admit(10 * MB).close();
    }

    @Test
    void closingAPermitTwiceGivesBackOnce() {
        ReportBudget budget = new ReportBudget(10 * MB, Duration.ZERO, 7);
        ReportBudget.Permit permit = budget.admit(4 * MB);
        permit.close();
        permit.close();

        try (ReportBudget.Permit whole = budget.admit(10 * MB)) {
            assertThatThrownBy(() -> budget.admit(1)).isInstanceOf(ProblemException.class);
        }
    }

    @Test
    void anInterruptedWaitIsRefusedAndKeepsTheInterrupt() {
        ReportBudget budget = new ReportBudget(10 * MB, PATIENT, 7);
        try (ReportBudget.Permit whole = budget.admit(10 * MB)) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> budget.admit(1)).isInstanceOf(ProblemException.class);
            assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(budget.inFlightBytes()).isZero();
    }
}
