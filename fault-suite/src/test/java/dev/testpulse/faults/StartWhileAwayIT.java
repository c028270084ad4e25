package dev.testpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.ServiceProcess;
import dev.testpulse.faults.support.Analysis;
import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.faults.support.Outcomes;
import dev.testpulse.faults.support.Uploader;

/**
 * Scenario 3, second part: a service (re)started while what it depends on is away does not exit; it stays up with
 * readiness DOWN, and serves once the dependency is back. analysis-service without PostgreSQL, ingest-service
 * without the broker.
 */
class StartWhileAwayIT {

    private static final Duration STAYS_DOWN = Duration.ofSeconds(5);
    private static FaultPair pair;

    @BeforeAll
    static void startPair() {
        pair = FaultPair.start("start-away");
    }

    @AfterEach
    void bringEverythingBack() {
        DevStack.shared().postgres().restart();
        DevStack.shared().kafka().restart();
        for (ServiceProcess service : new ServiceProcess[] {pair.analysis(), pair.ingest()}) {
            if (!service.isAlive()) {
                service.restart();
            }
        }
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void analysisStartedWhilePostgresIsAwayWaitsNotReadyAndCountsOnceItIsBack() {
        String project = "pg-away-" + UUID.randomUUID().toString().substring(0, 8);
        Uploader uploader = new Uploader(pair.ingest().url(), pair.projectToken(project));
        uploader.postNdjson(Outcomes.ndjson(project, 0, 1_000));
        pair.analysis().kill();
        DevStack.shared().postgres().stop();
        try {
            pair.analysis().relaunch();
            awaitUpButNotReady(pair.analysis());
            // Kafka is there: ingest keeps accepting while analysis waits.
            uploader.postNdjson(Outcomes.ndjson(project, 1_000, 2_000));
        } finally {
            DevStack.shared().postgres().restart();
        }
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .failFast("analysis-service exited", () -> !pair.analysis().isAlive())
                .until(() -> pair.analysis().readiness() == 200);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> Analysis.caughtUp(pair));
        assertThat(Analysis.totals(pair.analysis(), project)).isEqualTo(Outcomes.totals(2_000));
    }

    @Test
    void ingestStartedWhileTheBrokerIsAwayWaitsNotReadyAndServesOnceItIsBack() {
        String project = "kafka-away-" + UUID.randomUUID().toString().substring(0, 8);
        String token = pair.projectToken(project);
        pair.ingest().stop();
        DevStack.shared().kafka().stop();
        try {
            pair.ingest().relaunch();
            awaitUpButNotReady(pair.ingest());
        } finally {
            DevStack.shared().kafka().restart();
        }
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .failFast("ingest-service exited", () -> !pair.ingest().isAlive())
                .until(() -> pair.ingest().readiness() == 200);
        new Uploader(pair.ingest().url(), token).postNdjson(Outcomes.ndjson(project, 0, 1_000));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> Analysis.caughtUp(pair));
        assertThat(Analysis.totals(pair.analysis(), project)).isEqualTo(Outcomes.totals(1_000));
    }

    /** The process stays alive and answers readiness 503 (up, not ready), also {@link #STAYS_DOWN} later. */
    private static void awaitUpButNotReady(ServiceProcess service) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .failFast("the service exited instead of waiting", () -> !service.isAlive())
                .until(() -> service.readiness() == 503);
        await().during(STAYS_DOWN).atMost(STAYS_DOWN.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                .failFast("the service exited instead of waiting", () -> !service.isAlive())
                .until(() -> service.readiness() == 503);
    }
}
