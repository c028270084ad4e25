package dev.testpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
 * Scenario 2: the Kafka broker is stopped in the middle of an ingest stream and started again on the same port and
 * data. The clients keep posting; every 503 or lost connection is retried with the same body (same outcome ids)
 * until 202. Every outcome ingest accepted is counted exactly once: the totals equal the distinct outcomes, however
 * many copies the retries put on the topic.
 */
class BrokerOutageIT {

    private static final int OUTCOMES = 40_000;
    private static final int BATCH = 500;
    private static final int CLIENTS = 4;
    private static FaultPair pair;

    @BeforeAll
    static void startPair() {
        pair = FaultPair.start("broker");
    }

    @AfterAll
    static void stopPair() {
        DevStack.shared().kafka().restart();
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void clientsRetryingThroughABrokerOutageGetEveryOutcomeCountedExactlyOnce() throws Exception {
        String project = "broker-" + UUID.randomUUID().toString().substring(0, 8);
        Uploader uploader = new Uploader(pair.ingest().url(), pair.projectToken(project));
        try (Clients clients = Clients.post(uploader, project, OUTCOMES, BATCH, CLIENTS)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> clients.acceptedOutcomes() >= OUTCOMES / 4);
            int acceptedAtStop = clients.acceptedOutcomes();
            long stopped = System.nanoTime();
            DevStack.shared().kafka().stop();
            double outageSeconds;
            try {
                // The broker stays away until the clients have run into it as many times as there are clients.
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> uploader.retries() >= CLIENTS);
            } finally {
                DevStack.shared().kafka().restart();
                outageSeconds = (System.nanoTime() - stopped) / 1e9;
            }
            int acceptedAtRestart = clients.acceptedOutcomes();
            double postingSeconds = clients.awaitDone(5);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> Analysis.caughtUp(pair));

            long records = Analysis.records(pair.topic());
            assertThat(records).as("every accepted outcome is on the topic, some more than once").isGreaterThanOrEqualTo(OUTCOMES);
            assertThat(uploader.retries()).as("the clients met the outage").isGreaterThanOrEqualTo(CLIENTS);
            assertThat(Analysis.totals(pair.analysis(), project)).isEqualTo(Outcomes.totals(OUTCOMES));
            System.out.printf("BrokerOutageIT: %d outcomes from %d clients in %d NDJSON batches; broker stopped at %d accepted "
                    + "for %.1f s (%d accepted meanwhile); %d uploads 202, %d answers 503, %d connection errors, so %d "
                    + "retries of the same body; %d records on the topic (%d copies from retries not counted again); "
                    + "posting took %.1f s; totals %s%n",
                    OUTCOMES, CLIENTS, OUTCOMES / BATCH, acceptedAtStop, outageSeconds, acceptedAtRestart - acceptedAtStop,
                    uploader.accepted(), uploader.unavailable(), uploader.connectionErrors(), uploader.retries(), records,
                    records - OUTCOMES, postingSeconds, Analysis.totals(pair.analysis(), project));
        }
    }
}
