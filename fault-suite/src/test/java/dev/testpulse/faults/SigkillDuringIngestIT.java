package dev.testpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.faults.support.Analysis;
import dev.testpulse.faults.support.Clients;
import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.faults.support.Outcomes;
import dev.testpulse.faults.support.Uploader;

/**
 * Scenario 1: analysis-service is killed with SIGKILL twice while 200,000 outcomes stream in through ingest from
 * several concurrent clients, and restarted each time. Every outcome is counted exactly once: the totals per
 * status come out exact.
 */
class SigkillDuringIngestIT {

    /** 200,000 by default; {@code -Dtestpulse.faults.sigkill-outcomes=N} for a quicker local run. */
    private static final int OUTCOMES = Integer.getInteger("testpulse.faults.sigkill-outcomes", 200_000);
    private static final int BATCH = 1_000;
    private static final int CLIENTS = 4;
    private static FaultPair pair;

    @BeforeAll
    static void startPair() {
        pair = FaultPair.start("sigkill");
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void killedTwiceWhileOutcomesStreamInCountsEveryOutcomeExactlyOnce() throws Exception {
        String project = "sigkill-" + UUID.randomUUID().toString().substring(0, 8);
        Uploader uploader = new Uploader(pair.ingest().url(), pair.projectToken(project));
        long started = System.nanoTime();
        try (Clients clients = Clients.post(uploader, project, OUTCOMES, BATCH, CLIENTS)) {
            long[] firstKill = killOnceCountedAtLeast(project, OUTCOMES / 5, clients);
            long[] secondKill = killOnceCountedAtLeast(project, OUTCOMES * 11 / 20, clients);
            double postingSeconds = clients.awaitDone(5);

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> Analysis.caughtUp(pair));
            double allCountedSeconds = (System.nanoTime() - started) / 1e9;

            assertThat(Analysis.totals(pair.analysis(), project)).isEqualTo(Outcomes.totals(OUTCOMES));
            System.out.printf("SigkillDuringIngestIT: %d outcomes from %d clients in %d NDJSON batches: %d uploads 202, "
                    + "%d answers 503, %d connection errors, %d records on the topic; SIGKILL 1 at %d counted / %d accepted, "
                    + "SIGKILL 2 at %d counted / %d accepted; posting took %.1f s, all counted after %.1f s; totals %s%n",
                    OUTCOMES, CLIENTS, (OUTCOMES + BATCH - 1) / BATCH, uploader.accepted(), uploader.unavailable(), uploader.connectionErrors(),
                    Analysis.records(pair.topic()), firstKill[0], firstKill[1], secondKill[0], secondKill[1],
                    postingSeconds, allCountedSeconds, Analysis.totals(pair.analysis(), project));
        }
    }

    /** Waits until analysis counted at least {@code threshold}, then SIGKILLs and restarts it; returns {counted, accepted}. */
    private static long[] killOnceCountedAtLeast(String project, int threshold, Clients clients) {
        long[] seen = new long[2];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            seen[0] = Analysis.total(pair.analysis(), project);
            return seen[0] >= threshold;
        });
        seen[1] = clients.acceptedOutcomes();
        pair.analysis().kill();
        pair.analysis().restart();
        return seen;
    }
}
