package dev.testpulse.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.ServiceProcess;
import dev.testpulse.faults.support.AlertTopic;
import dev.testpulse.faults.support.AlertTopic.Event;
import dev.testpulse.faults.support.Analysis;
import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.faults.support.SseClient;
import dev.testpulse.faults.support.Uploader;

/**
 * Issue #12, "done when": two packaged analysis-service instances in one consumer group on the real broker and one
 * PostgreSQL, one ingest-service. Alert series of several projects, spread over every partition so that both
 * instances evaluate, fire and resolve while one instance is SIGKILLed and restarted: every transition reaches
 * {@code testpulse.alerts} exactly once by event id and in order per fingerprint, and an SSE client on each instance
 * sees every event (the killed one's client resuming with {@code Last-Event-ID}). Time-based transitions happen
 * with no upload at all, and deleting a rule resolves its firing series.
 */
class TwoAnalysisInstancesIT {

    private static final int PROJECTS = 4;
    private static final int SUITES = 3;
    /** Outcomes per suite and run: a healthy run passes all, a failing one half (below infra_incident's 80%). */
    private static final int TESTS = 10;
    /** Each cycle is failing, failing, healthy, healthy, healthy: one fire and one resolve per series over runs:3. */
    private static final int CYCLES = 3;
    private static final List<Boolean> CYCLE = List.of(false, false, true, true, true);
    /**
     * Instance 2 is killed after round 6 (the first cycle is over, its events seen), stays away for rounds 7 and 8
     * (the second cycle's fires happen without it) and restarts while rounds 9 and 10 (its resolves) go on.
     */
    private static final int KILL_AFTER = 6;
    private static final int RELAUNCH_AFTER = 8;
    private static final Duration KEEP_FIRING_FOR = Duration.ofSeconds(10);
    private static final Duration FOR_DURATION = Duration.ofSeconds(5);
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(90);

    private static FaultPair pair;

    @BeforeAll
    static void startPair() {
        // The alert clock ticks every second instead of every 5 s, so time-based transitions come quickly.
        pair = FaultPair.start("twoinst", Map.of(), 2, Map.of("testpulse.analysis.alert-tick", "1s"));
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aKilledInstanceLosesNoTransitionAndTheStreamsOfBothInstancesCarryEveryEvent() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> projects = IntStream.range(0, PROJECTS).mapToObj(p -> "twoinst-" + suffix + "-" + (char) ('a' + p)).toList();
        Map<String, List<String>> suites = spreadOverPartitions(projects);
        Map<String, Uploader> uploaders = new LinkedHashMap<>();
        Set<String> suiteRules = new HashSet<>();
        for (String project : projects) {
            uploaders.put(project, new Uploader(pair.ingest().url(), pair.projectToken(project)));
            suiteRules.add(createRule(rateBelow(project, "\"suite_glob\":\"*\",\"window\":\"runs:3\"")));
            createRule(rateBelow(project, "\"window\":\"runs:3\""));
        }
        String assignment = awaitBothInstancesConsume();
        ServiceProcess survivor = pair.analysis(1);
        ServiceProcess victim = pair.analysis(2);
        Predicate<Event> ours = event -> projects.contains(event.project());
        Instant runsStart = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        List<Boolean> rounds = new ArrayList<>(List.of(true));
        IntStream.range(0, CYCLES).forEach(cycle -> rounds.addAll(CYCLE));
        long[] sentAt = new long[rounds.size()];
        long killedAt;
        long relaunchedAt;

        try (AlertTopic alerts = new AlertTopic(DevStack.ALERTS_TOPIC);
                SseClient onSurvivor = SseClient.subscribe(survivor.url(), "/api/v1/alerts/stream");
                SseClient onVictim = SseClient.subscribe(victim.url(), "/api/v1/alerts/stream")) {
            boolean subscribed = within(Duration.ofSeconds(15), () -> onSurvivor.connections() == 1 && onVictim.connections() == 1);
            try {
                for (int round = 0; round <= KILL_AFTER; round++) {
                    sentAt[round] = uploadRound(projects, suites, uploaders, runsStart, round, rounds.get(round));
                }
                // So that the reconnection has a Last-Event-ID to send: the victim's client has what was published so far.
                within(Duration.ofSeconds(10), () -> sseIds(onVictim, projects).containsAll(ids(alerts.readToEnd(), ours)));
                killedAt = System.nanoTime();
                victim.kill();
                for (int round = KILL_AFTER + 1; round <= RELAUNCH_AFTER; round++) {
                    sentAt[round] = uploadRound(projects, suites, uploaders, runsStart, round, rounds.get(round));
                }
                relaunchedAt = System.nanoTime();
                victim.relaunch();
                for (int round = RELAUNCH_AFTER + 1; round < rounds.size(); round++) {
                    sentAt[round] = uploadRound(projects, suites, uploaders, runsStart, round, rounds.get(round));
                }
                victim.awaitReady();
            } finally {
                if (!victim.isAlive()) {
                    victim.restart();
                }
            }
            double restartedAfter = (System.nanoTime() - relaunchedAt) / 1e9;
            double downFor = (System.nanoTime() - killedAt) / 1e9;

            // Every series ends healthy: wait until the topic says so and carries every event the database holds.
            within(EVENT_TIMEOUT, () -> {
                List<Event> events = alerts.readToEnd().stream().filter(ours).toList();
                Map<String, List<Event>> series = series(events);
                return series.size() >= PROJECTS * (SUITES + 1) && series.values().stream().allMatch(s -> !last(s).fired())
                        && ids(events, e -> true).containsAll(history(projects));
            });
            List<Event> events = alerts.readToEnd().stream().filter(ours).toList();
            Set<String> topicIds = ids(events, e -> true);
            within(EVENT_TIMEOUT, () -> sseIds(onSurvivor, projects).containsAll(topicIds)
                    && sseIds(onVictim, projects).containsAll(topicIds));

            Map<String, Long> perId = events.stream().collect(Collectors.groupingBy(Event::id, TreeMap::new, Collectors.counting()));
            System.out.printf("TwoAnalysisInstancesIT: %d projects x %d suites, %d rounds of %d outcomes, 2 instances (%s); "
                    + "instance 2 SIGKILLed after round %d, relaunched after round %d, ready %.1f s after relaunch (%.1f s after the kill); "
                    + "topic: %d alert records, %d distinct event ids, %d duplicates by id %s, %d series, %d unreadable; "
                    + "upload -> event on the topic %s; SSE instance 1: %d events (%d distinct of ours) on %d connection(s); "
                    + "SSE instance 2: %d events (%d distinct of ours) on %d connection(s), Last-Event-ID sent %s%n",
                    PROJECTS, SUITES, rounds.size(), PROJECTS * SUITES * TESTS, assignment, KILL_AFTER, RELAUNCH_AFTER,
                    restartedAfter, downFor, events.size(), topicIds.size(), events.size() - topicIds.size(),
                    perId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList(), series(events).size(),
                    alerts.unreadable(), latencies(events, sentAt), onSurvivor.received().size(), sseIds(onSurvivor, projects).size(),
                    onSurvivor.connections(), onVictim.received().size(), sseIds(onVictim, projects).size(), onVictim.connections(),
                    onVictim.lastEventIdsSent());
            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(subscribed).as("part 3: both SSE clients were connected (200) before the first upload").isTrue();
            checkTopic(softly, events, suiteRules, history(projects));
            checkStream(softly, "instance 1 (never killed)", onSurvivor, projects, topicIds);
            checkResume(softly, "instance 2 (killed, restarted)", onVictim, projects, killedAt, relaunchedAt);
            checkStream(softly, "instance 2 (killed, restarted)", onVictim, projects, topicIds);

            softly.assertAll();
        }
    }

    @Test
    void keepFiringForAndForDurationTakeEffectWithoutAnyUpload() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String keeping = "twoinst-" + suffix + "-keep";
        String waiting = "twoinst-" + suffix + "-for";
        String keepRule = createRule(rateBelow(keeping, "\"window\":\"runs:1\",\"keep_firing_for\":\"%ds\"".formatted(KEEP_FIRING_FOR.toSeconds())));
        String forRule = createRule(rateBelow(waiting, "\"window\":\"runs:1\",\"for_duration\":\"%ds\"".formatted(FOR_DURATION.toSeconds())));
        Uploader keepUploader = new Uploader(pair.ingest().url(), pair.projectToken(keeping));
        Uploader forUploader = new Uploader(pair.ingest().url(), pair.projectToken(waiting));
        Instant runsStart = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

        try (AlertTopic alerts = new AlertTopic(DevStack.ALERTS_TOPIC)) {
            long failingSent = System.currentTimeMillis();
            keepUploader.postNdjson(run(keeping, List.of("suite-0"), runsStart, 1, false));
            forUploader.postNdjson(run(waiting, List.of("suite-0"), runsStart, 1, false));
            // Applied means evaluated: the keep series is firing now (its event may still be on its way).
            awaitCaughtUp();
            // The rate recovers, but the series must keep firing for KEEP_FIRING_FOR after its last breach.
            keepUploader.postNdjson(run(keeping, List.of("suite-0"), runsStart, 2, true));
            awaitCaughtUp();
            long clearedAt = System.currentTimeMillis();
            assertThat(clearedAt - failingSent).as("precondition: the healthy run was evaluated within keep_firing_for of the breach, "
                    + "so only the clock can resolve the series").isLessThan(KEEP_FIRING_FOR.toMillis());

            // No upload from here on: only the clock can resolve the one series and fire the other, both due by
            // failingSent + KEEP_FIRING_FOR at the latest; EVENT_TIMEOUT more for the tick and the relay.
            long due = failingSent + KEEP_FIRING_FOR.toMillis() + EVENT_TIMEOUT.toMillis();
            within(Duration.ofMillis(Math.max(0, due - System.currentTimeMillis())), () -> {
                List<Event> events = alerts.readToEnd();
                return events.stream().anyMatch(e -> keepRule.equals(e.ruleId()) && !e.fired())
                        && events.stream().anyMatch(e -> forRule.equals(e.ruleId()) && e.fired());
            });
            List<Event> events = alerts.readToEnd();
            List<Event> kept = events.stream().filter(e -> keepRule.equals(e.ruleId())).toList();
            List<Event> held = events.stream().filter(e -> forRule.equals(e.ruleId())).toList();
            Event resolved = kept.stream().filter(e -> !e.fired()).findFirst().orElse(null);
            Event fired = held.stream().filter(Event::fired).findFirst().orElse(null);
            System.out.printf("TwoAnalysisInstancesIT time: keep_firing_for %d s: %s, resolve produced %s after the failing upload; "
                    + "for_duration %d s: %s, fire produced %s after the failing upload; healthy run evaluated %.1f s after the failing upload%n",
                    KEEP_FIRING_FOR.toSeconds(), types(kept), seconds(resolved, failingSent), FOR_DURATION.toSeconds(), types(held),
                    seconds(fired, failingSent), (clearedAt - failingSent) / 1e3);

            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(types(kept)).as("part 4: keep_firing_for series %s fires on the upload and resolves by the clock, "
                    + "once each (no upload after the healthy run)", keeping).containsExactly("fired", "resolved");
            if (resolved != null) {
                softly.assertThat(resolved.producedAtMillis() - failingSent).as("part 4: the resolve does not come before keep_firing_for")
                        .isGreaterThanOrEqualTo(KEEP_FIRING_FOR.toMillis());
            }
            softly.assertThat(types(held)).as("part 4: for_duration series %s fires by the clock once the breach has lasted %s, "
                    + "with no upload after the failing run", waiting, FOR_DURATION).containsExactly("fired");
            if (fired != null) {
                softly.assertThat(fired.producedAtMillis() - failingSent).as("part 4: the fire does not come before for_duration")
                        .isGreaterThanOrEqualTo(FOR_DURATION.toMillis());
            }
            softly.assertAll();
        }
    }

    @Test
    void deletingARuleResolvesEachOfItsFiringSeriesOnce() {
        String project = "twoinst-" + UUID.randomUUID().toString().substring(0, 8) + "-delete";
        List<String> suites = List.of("suite-0", "suite-1");
        String doomed = createRule(rateBelow(project, "\"suite_glob\":\"*\",\"window\":\"runs:1\""));
        // A second rule with the same condition: its resolve after a later healthy run marks "everything before is out".
        String kept = createRule(rateBelow(project, "\"suite_glob\":\"*\",\"window\":\"runs:1\""));
        Uploader uploader = new Uploader(pair.ingest().url(), pair.projectToken(project));
        Instant runsStart = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

        try (AlertTopic alerts = new AlertTopic(DevStack.ALERTS_TOPIC)) {
            uploader.postNdjson(run(project, suites, runsStart, 1, false));
            awaitCaughtUp();
            await().atMost(EVENT_TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(100))
                    .until(() -> alerts.readToEnd().stream().filter(e -> project.equals(e.project()) && e.fired())
                            .map(Event::fingerprint).distinct().count() >= 2L * suites.size());

            long deletedAt = System.currentTimeMillis();
            given().baseUri(pair.analysis(2).url()).header("Authorization", "Bearer " + FaultPair.ADMIN_TOKEN)
                    .delete("/api/v1/rules/{id}", doomed).then().statusCode(204);
            boolean resolvedByDeletion = within(EVENT_TIMEOUT, () -> alerts.readToEnd().stream()
                    .filter(e -> doomed.equals(e.ruleId()) && !e.fired()).map(Event::fingerprint).distinct().count() == suites.size());
            uploader.postNdjson(run(project, suites, runsStart, 2, true));
            awaitCaughtUp();
            await().atMost(EVENT_TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(100))
                    .until(() -> alerts.readToEnd().stream().filter(e -> kept.equals(e.ruleId()) && !e.fired()).count() >= suites.size());

            List<Event> events = alerts.readToEnd();
            Map<String, List<Event>> doomedSeries = series(events.stream().filter(e -> doomed.equals(e.ruleId())).toList());
            Map<String, List<Event>> keptSeries = series(events.stream().filter(e -> kept.equals(e.ruleId())).toList());
            System.out.printf("TwoAnalysisInstancesIT delete: deleted rule's series %s, resolves produced %s after the DELETE "
                    + "(all within %d s: %s); other rule's series %s%n", typesBySeries(doomedSeries),
                    events.stream().filter(e -> doomed.equals(e.ruleId()) && !e.fired())
                            .map(e -> "%.2f s".formatted((e.producedAtMillis() - deletedAt) / 1e3)).toList(),
                    EVENT_TIMEOUT.toSeconds(), resolvedByDeletion, typesBySeries(keptSeries));

            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(doomedSeries).as("part 5: the deleted rule had a series per suite").hasSize(suites.size());
            doomedSeries.forEach((fingerprint, series) -> softly.assertThat(types(series))
                    .as("part 5: series %s of the deleted rule: fired, then exactly one resolved after the DELETE", fingerprint)
                    .containsExactly("fired", "resolved"));
            softly.assertThat(events.stream().filter(e -> doomed.equals(e.ruleId())).count())
                    .as("part 5: no event of the deleted rule published twice").isEqualTo(2L * suites.size());
            keptSeries.forEach((fingerprint, series) -> softly.assertThat(types(series))
                    .as("part 5: series %s of the other rule is untouched by the DELETE", fingerprint).containsExactly("fired", "resolved"));
            softly.assertAll();
        }
    }

    // --- the checks of the first scenario ------------------------------------------------------------------------------

    /** Part 2: exactly once by event id, in order per fingerprint, and every transition the database recorded. */
    private static void checkTopic(SoftAssertions softly, List<Event> events, Set<String> suiteRules, Set<String> history) {
        Map<String, List<Event>> byId = events.stream().collect(Collectors.groupingBy(Event::id, LinkedHashMap::new, Collectors.toList()));
        byId.forEach((id, copies) -> softly.assertThat(copies.stream().map(e -> e.type() + " " + e.fingerprint()).distinct().toList())
                .as("part 2: every copy of event %s is the same transition", id).hasSize(1));
        softly.assertThat(events.stream().filter(e -> !e.fingerprint().equals(e.key())).toList())
                .as("part 2: every record is keyed by its fingerprint").isEmpty();
        softly.assertThat(events.stream().filter(e -> e.fired() != "firing".equals(e.status())).toList())
                .as("part 2: type fired goes with status firing, resolved with resolved").isEmpty();
        Map<String, List<Event>> series = series(events);
        softly.assertThat(series.entrySet().stream().filter(s -> s.getValue().stream().map(Event::partition).distinct().count() > 1)
                .map(Map.Entry::getKey).toList()).as("part 2: each series on one partition").isEmpty();
        softly.assertThat(outOfOrder(series))
                .as("part 2: per fingerprint fired, resolved, fired, ... by distinct event id (two fires in a row = one transition "
                        + "published twice under different ids)").isEmpty();
        softly.assertThat(series).as("part 2: a series per suite and per project").hasSize(PROJECTS * (SUITES + 1));
        series.forEach((fingerprint, transitions) -> {
            Event first = transitions.get(0);
            if (suiteRules.contains(first.ruleId())) {
                softly.assertThat(types(transitions)).as("part 2: suite series %s of %s: %d cycles of fired, resolved", fingerprint,
                        first.project(), CYCLES).isEqualTo(IntStream.range(0, CYCLES).boxed().flatMap(c -> List.of("fired", "resolved").stream()).toList());
            } else {
                softly.assertThat(types(transitions)).as("part 2: project series %s of %s fires and ends resolved", fingerprint, first.project())
                        .contains("fired").endsWith("resolved");
            }
        });
        softly.assertThat(ids(events, e -> true)).as("part 2: the topic carries exactly the events in the database's alert history")
                .containsExactlyInAnyOrderElementsOf(history);
    }

    /** Part 3: the stream of one instance carries every event of the topic, each under its CloudEvent id, and nothing else. */
    private static void checkStream(SoftAssertions softly, String instance, SseClient client, List<String> projects, Set<String> topicIds) {
        List<SseClient.Received> ours = client.received().stream().filter(r -> projects.contains(r.project())).toList();
        Set<String> seen = sseIds(client, projects);
        Set<String> missing = new LinkedHashSet<>(topicIds);
        missing.removeAll(seen);
        Set<String> invented = new LinkedHashSet<>(seen);
        invented.removeAll(topicIds);
        softly.assertThat(missing).as("part 3: SSE on %s saw %d of the %d events on the topic; missing", instance,
                topicIds.size() - missing.size(), topicIds.size()).isEmpty();
        softly.assertThat(invented).as("part 3: SSE on %s: events not on the topic", instance).isEmpty();
        softly.assertThat(ours.stream().filter(r -> r.sseId() == null || !r.sseId().equals(r.eventId())).count())
                .as("part 3: SSE on %s: events whose id: line is not the CloudEvent id (of %d)", instance, ours.size()).isZero();
    }

    /** Part 3, resume: after the restart the killed instance's client connected again, sending the last id it had seen. */
    private static void checkResume(SoftAssertions softly, String instance, SseClient client, List<String> projects, long killedAt,
            long relaunchedAt) {
        List<SseClient.Connection> log = client.connectionLog();
        Set<Integer> before = log.stream().filter(c -> c.openedAtNanos() < killedAt).map(SseClient.Connection::number).collect(Collectors.toSet());
        List<SseClient.Connection> resumed = log.stream().filter(c -> c.openedAtNanos() > relaunchedAt).toList();
        Set<Integer> after = resumed.stream().map(SseClient.Connection::number).collect(Collectors.toSet());
        List<SseClient.Received> ours = client.received().stream().filter(r -> projects.contains(r.project())).toList();
        System.out.printf("TwoAnalysisInstancesIT SSE on %s: %d connection(s) before the kill, %d after the relaunch (Last-Event-ID %s); "
                + "%d distinct events received before the kill, %d after the relaunch%n", instance, before.size(), after.size(),
                resumed.stream().map(SseClient.Connection::lastEventIdSent).toList(),
                ours.stream().filter(r -> before.contains(r.connection())).map(SseClient.Received::eventId).distinct().count(),
                ours.stream().filter(r -> after.contains(r.connection())).map(SseClient.Received::eventId).distinct().count());
        softly.assertThat(resumed).as("part 3: the client on %s connected again to the restarted instance", instance).isNotEmpty();
        if (!resumed.isEmpty()) {
            softly.assertThat(resumed.get(0).lastEventIdSent())
                    .as("part 3: its first connection after the restart sent the Last-Event-ID it had seen").isNotNull();
        }
    }

    // --- the scenario's moves ---------------------------------------------------------------------------------------

    /** Each project's next run (all its suites) through ingest, then waits until analysis has applied all of it. */
    private static long uploadRound(List<String> projects, Map<String, List<String>> suites, Map<String, Uploader> uploaders,
            Instant runsStart, int round, boolean healthy) {
        long sent = System.currentTimeMillis();
        for (String project : projects) {
            uploaders.get(project).postNdjson(run(project, suites.get(project), runsStart, round, healthy));
        }
        awaitCaughtUp();
        return sent;
    }

    /**
     * One run as NDJSON: {@value #TESTS} outcomes per suite, all passed when healthy, otherwise alternately passed and
     * failed (50%: below every rule's 80%, yet not an infra incident). Runs start a second apart, in order.
     */
    private static String run(String project, List<String> suites, Instant runsStart, int run, boolean healthy) {
        StringBuilder body = new StringBuilder();
        for (String suite : suites) {
            for (int test = 0; test < TESTS; test++) {
                boolean passed = healthy || test % 2 == 0;
                body.append("""
                        {"project":"%s","pipeline":"ci","run":{"id":"r%d","commit":"c%d","branch":"main","started_at":"%s"},\
                        "suite":"%s","test":{"class":"Checkout","name":"t%d"},"status":"%s","duration_ms":%d%s}
                        """.formatted(project, run, run, runsStart.plusSeconds(run), suite, test, passed ? "passed" : "failed", 10 + test,
                        passed ? "" : ",\"failure\":{\"type\":\"AssertionError\",\"message\":\"expected 200 but was 503\"}"));
            }
        }
        return body.toString();
    }

    private static String rateBelow(String project, String fields) {
        return """
                {"project":"%s","kind":"rate_below","below":0.8,"recover_above":0.9,"min_samples":5,%s}""".formatted(project, fields);
    }

    private static String createRule(String json) {
        return given().baseUri(pair.analysis(1).url()).header("Authorization", "Bearer " + FaultPair.ADMIN_TOKEN)
                .contentType("application/json").body(json).post("/api/v1/rules")
                .then().statusCode(201).extract().path("id");
    }

    private static void awaitCaughtUp() {
        await().atMost(CATCH_UP_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> Analysis.caughtUp(pair));
    }

    /**
     * Suites per project chosen so that the outcome keys (project/suite) fill every partition evenly: whichever
     * partitions each instance holds, it has series to evaluate.
     */
    private static Map<String, List<String>> spreadOverPartitions(List<String> projects) {
        int[] keysPerPartition = new int[DevStack.OUTCOME_PARTITIONS];
        Map<String, List<String>> suites = new LinkedHashMap<>();
        for (String project : projects) {
            List<String> chosen = new ArrayList<>();
            for (int candidate = 0; chosen.size() < SUITES; candidate++) {
                int partition = partitionOf(project + "/suite-" + candidate);
                if (keysPerPartition[partition] == Arrays.stream(keysPerPartition).min().orElseThrow() || candidate > 1_000) {
                    chosen.add("suite-" + candidate);
                    keysPerPartition[partition]++;
                }
            }
            suites.put(project, chosen);
        }
        return suites;
    }

    /** The producer's default partitioner for a keyed record. */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % DevStack.OUTCOME_PARTITIONS;
    }

    /** Waits until both instances are members of the group holding partitions of the scenario's topic; describes them. */
    private static String awaitBothInstancesConsume() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            try (Admin admin = DevStack.shared().kafka().admin()) {
                Collection<MemberDescription> members = admin.describeConsumerGroups(List.of(pair.group())).all()
                        .get(10, TimeUnit.SECONDS).get(pair.group()).members();
                List<List<Integer>> holding = members.stream()
                        .map(member -> member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(pair.topic()))
                                .map(TopicPartition::partition).sorted().toList())
                        .filter(partitions -> !partitions.isEmpty()).toList();
                return holding.size() == 2 ? "partitions " + holding.get(0) + " and " + holding.get(1) : null;
            }
        }, description -> description != null);
    }

    // --- reading what arrived -----------------------------------------------------------------------------------------

    /** Per fingerprint, its distinct events (the first copy of each id) in topic order. */
    private static Map<String, List<Event>> series(List<Event> events) {
        Set<String> seen = new HashSet<>();
        Map<String, List<Event>> series = new LinkedHashMap<>();
        for (Event event : events) {
            if (seen.add(event.id())) {
                series.computeIfAbsent(event.fingerprint(), f -> new ArrayList<>()).add(event);
            }
        }
        return series;
    }

    private static List<String> outOfOrder(Map<String, List<Event>> series) {
        List<String> problems = new ArrayList<>();
        series.forEach((fingerprint, transitions) -> {
            boolean alternates = IntStream.range(0, transitions.size()).allMatch(i -> transitions.get(i).fired() == (i % 2 == 0));
            if (!alternates) {
                Event first = transitions.get(0);
                problems.add("%s (rule %s, %s): %s".formatted(fingerprint, first.ruleId(), first.project(), types(transitions)));
            }
        });
        return problems;
    }

    private static Set<String> ids(List<Event> events, Predicate<Event> which) {
        return events.stream().filter(which).map(Event::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> sseIds(SseClient client, List<String> projects) {
        return client.received().stream().filter(r -> projects.contains(r.project())).map(SseClient.Received::eventId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The event ids of the projects' alert history as analysis-service keeps it (its outbox). */
    private static Set<String> history(List<String> projects) {
        Set<String> ids = new LinkedHashSet<>();
        for (String project : projects) {
            List<String> page = given().baseUri(pair.analysis(1).url()).queryParam("project", project).get("/api/v1/alerts")
                    .then().statusCode(200).extract().path("id");
            ids.addAll(page);
        }
        return ids;
    }

    private static List<String> types(List<Event> events) {
        return events.stream().map(e -> e.fired() ? "fired" : "resolved").toList();
    }

    private static Map<String, List<String>> typesBySeries(Map<String, List<Event>> series) {
        return series.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> types(e.getValue()), (a, b) -> a, TreeMap::new));
    }

    private static Event last(List<Event> series) {
        return series.get(series.size() - 1);
    }

    private static String seconds(Event event, long since) {
        return event == null ? "never" : "%.2f s".formatted((event.producedAtMillis() - since) / 1e3);
    }

    /** Upload to event, per event: from the start of the round whose upload came last before the event was produced. */
    private static String latencies(List<Event> events, long[] sentAt) {
        List<Long> millis = series(events).values().stream().flatMap(List::stream).map(event -> {
            long round = Arrays.stream(sentAt).filter(sent -> sent > 0 && sent <= event.producedAtMillis()).max().orElse(event.producedAtMillis());
            return event.producedAtMillis() - round;
        }).sorted().toList();
        if (millis.isEmpty()) {
            return "n/a";
        }
        Function<Double, Long> quantile = q -> millis.get((int) Math.min(millis.size() - 1, Math.ceil(q * millis.size()) - 1));
        return "p50 %d ms, p99 %d ms, max %d ms (%d events; includes rounds spent waiting for the rebalance)"
                .formatted(quantile.apply(0.5), quantile.apply(0.99), millis.get(millis.size() - 1), millis.size());
    }

    /** Awaits {@code condition} (polled on this thread: it may read the alert topic) and tells whether it held in time. */
    private static boolean within(Duration timeout, Callable<Boolean> condition) {
        try {
            await().atMost(timeout).pollInSameThread().pollInterval(Duration.ofMillis(200)).until(condition);
            return true;
        } catch (ConditionTimeoutException timedOut) {
            return false;
        }
    }
}
