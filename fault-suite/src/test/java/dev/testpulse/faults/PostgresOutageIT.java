package dev.testpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.faults.support.Analysis;
import dev.testpulse.faults.support.Clients;
import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.faults.support.Outcomes;
import dev.testpulse.faults.support.Uploader;

/**
 * Scenario 3, first part: PostgreSQL is stopped for 90 s while analysis-service consumes, and the reporters say every
 * run finished while it is away. Its readiness goes DOWN and stays DOWN for the whole outage (ingest keeps accepting:
 * Kafka holds the outcomes and the run notices); once PostgreSQL is back, analysis becomes ready and resumes
 * consuming by itself, the totals come out exact and every run is finished by its reporter. The outage is longer
 * than the minute after which the Kafka connector's default (throttled) commit strategy used to fail a channel with
 * a record unacknowledged: the {@code testpulse.runs} channel must wait it out, not lose the notices until a restart.
 */
class PostgresOutageIT {

    private static final int OUTCOMES = 30_000;
    private static final int BATCH = 500;
    private static final int CLIENTS = 2;
    private static final Duration OUTAGE = Duration.ofSeconds(90);
    private static final int RUNS = OUTCOMES / Outcomes.PER_RUN;
    private static FaultPair pair;

    @BeforeAll
    static void startPair() {
        pair = FaultPair.start("postgres");
    }

    @AfterAll
    static void stopPair() {
        DevStack.shared().postgres().restart();
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void analysisIsNotReadyWhilePostgresIsAwayAndResumesByItselfWithExactTotals() throws Exception {
        String project = "postgres-" + UUID.randomUUID().toString().substring(0, 8);
        Uploader uploader = new Uploader(pair.ingest().url(), pair.projectToken(project));
        try (Clients clients = Clients.post(uploader, project, OUTCOMES, BATCH, CLIENTS)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Analysis.total(pair.analysis(), project) >= OUTCOMES / 6);
            long countedAtStop = Analysis.total(pair.analysis(), project);
            int acceptedAtStop = clients.acceptedOutcomes();
            long stopped = System.nanoTime();
            DevStack.shared().postgres().stop();
            // every run's "finished" notice reaches testpulse.runs while PostgreSQL is away: the first one waits in
            // analysis for the whole outage, the others behind it
            for (int run = 0; run < RUNS; run++) {
                uploader.post("/api/v1/runs/finished", "application/json",
                        "{\"project\":\"%s\",\"pipeline\":\"ci\",\"run\":{\"id\":\"%d\"}}".formatted(project, run), Map.of());
            }
            double noticesSentSeconds = (System.nanoTime() - stopped) / 1e9;
            double downAfterSeconds;
            int acceptedDuringOutage;
            long restarting;
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> pair.analysis().readiness() == 503);
                downAfterSeconds = (System.nanoTime() - stopped) / 1e9;
                Duration restOfOutage = OUTAGE.minusNanos(System.nanoTime() - stopped);
                await().during(restOfOutage).atMost(OUTAGE.plusSeconds(15)).pollInterval(Duration.ofMillis(500))
                        .until(() -> pair.analysis().isAlive() && pair.analysis().readiness() == 503);
                acceptedDuringOutage = clients.acceptedOutcomes() - acceptedAtStop;
            } finally {
                restarting = System.nanoTime();
                DevStack.shared().postgres().restart();
            }
            double stoppedSeconds = (restarting - stopped) / 1e9;
            double outageSeconds = (System.nanoTime() - stopped) / 1e9;
            long back = System.nanoTime();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> pair.analysis().readiness() == 200);
            double readyAfterSeconds = (System.nanoTime() - back) / 1e9;
            clients.awaitDone(5);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> Analysis.caughtUp(pair));
            double caughtUpSeconds = (System.nanoTime() - back) / 1e9;

            assertThat(Analysis.totals(pair.analysis(), project)).isEqualTo(Outcomes.totals(OUTCOMES));
            Map<String, String> finishedByReporter = new TreeMap<>();
            for (int run = 0; run < RUNS; run++) {
                finishedByReporter.put(String.valueOf(run), "reporter");
            }
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Analysis.finishedRuns(pair.analysis(), project), finishedByReporter::equals);
            double finishedSeconds = (System.nanoTime() - back) / 1e9;
            System.out.printf("PostgresOutageIT: %d outcomes from %d clients; PostgreSQL stopped at %d counted / %d accepted "
                    + "(%d run notices sent within %.1f s of the stop) for %.1f s (accepting again after %.1f s, crash recovery "
                    + "included); readiness DOWN %.1f s after the stop and for the whole outage; ingest accepted %d outcomes "
                    + "meanwhile (%d answers 503); ready again %.1f s and caught up %.1f s after PostgreSQL returned, every run "
                    + "finished by its reporter after %.1f s; totals %s%n",
                    OUTCOMES, CLIENTS, countedAtStop, acceptedAtStop, RUNS, noticesSentSeconds, stoppedSeconds, outageSeconds,
                    downAfterSeconds, acceptedDuringOutage, uploader.unavailable(), readyAfterSeconds, caughtUpSeconds, finishedSeconds,
                    Analysis.totals(pair.analysis(), project));
        }
    }
}
