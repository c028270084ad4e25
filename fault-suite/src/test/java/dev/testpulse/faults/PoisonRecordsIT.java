package dev.testpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
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
 * Scenario 4: records that cannot be stored, interleaved with good ones, from several producers at once: ingest
 * clients (one outcome with a NUL character in its test name, which ingest repairs) and two plain Kafka producers
 * writing straight onto the outcomes topic (invalid JSON, a wrong schema, a NUL inside test.name, a 3,000-byte
 * suite name, observed_at in 9999 and in 1999). Every good outcome is counted exactly, each bad record lands on the
 * dead-letter topic exactly once with its reason and origin, and another project's outcomes are counted meanwhile.
 */
class PoisonRecordsIT {

    private static final int INGEST_GOOD = 2_000;
    private static final int RAW_GOOD_PER_PRODUCER = 600;
    private static final int OTHER_PROJECT = 3_000;
    private static FaultPair pair;

    @BeforeAll
    static void startPair() {
        pair = FaultPair.start("poison");
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicOnceWhileEveryGoodOutcomeIsCounted() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String project = "poison-" + suffix;
        String other = "bystander-" + suffix;
        Uploader uploader = new Uploader(pair.ingest().url(), pair.projectToken(project));
        Uploader otherUploader = new Uploader(pair.ingest().url(), pair.projectToken(other));
        Instant now = Instant.now();

        List<Poison> poisons = List.of(
                new Poison(0, "invalid JSON", "{\"schema\":\"testpulse.outcome/v1\",\"id\":\"" + project + "-bad-json\",\"project\":"),
                new Poison(0, "wrong schema", raw(project + "-bad-schema", project, "suite-1", "t", "passed", now)
                        .replace("testpulse.outcome/v1", "testpulse.outcome/v0")),
                new Poison(0, "NUL in test.name", raw(project + "-bad-nul", project, "suite-2", "bad\\u0000name", "passed", now)),
                // Random letters: PostgreSQL compresses a repetitive key below the index limit and would store it.
                new Poison(1, "8,000-byte suite", raw(project + "-bad-suite", project, incompressible(8_000), "t", "passed", now)),
                new Poison(1, "observed_at 9999", raw(project + "-bad-9999", project, "suite-3", "t", "passed",
                        Instant.parse("9999-12-31T23:59:59Z"))),
                new Poison(1, "observed_at 1999", raw(project + "-bad-1999", project, "suite-4", "t", "passed",
                        Instant.parse("1999-01-01T00:00:00Z"))));

        Map<String, RecordMetadata> sent = new ConcurrentHashMap<>();
        ExecutorService producers = Executors.newFixedThreadPool(3);
        try (Clients bystander = Clients.post(otherUploader, other, OTHER_PROJECT, 250, 1)) {
            List<Future<Map<String, Long>>> rawGood = new ArrayList<>();
            for (int producer = 0; producer < 2; producer++) {
                int id = producer;
                rawGood.add(producers.submit(() -> produceInterleaved(id, project, now,
                        poisons.stream().filter(p -> p.producer == id).toList(), sent)));
            }
            Future<?> ingestGood = producers.submit(() -> {
                for (int from = 0; from < INGEST_GOOD; from += 500) {
                    uploader.postNdjson(Outcomes.ndjson(project, from, from + 500));
                }
                // A NUL character in a test name, escaped in JSON as a client would send it: ingest repairs it.
                uploader.postNdjson(Outcomes.line(project, INGEST_GOOD, "has\\u0000nul") + "\n");
            });
            Map<String, Long> expected = new TreeMap<>(Outcomes.totals(INGEST_GOOD + 1));
            for (Future<Map<String, Long>> producer : rawGood) {
                producer.get(2, TimeUnit.MINUTES).forEach((key, count) -> expected.merge(key, count, Long::sum));
            }
            ingestGood.get(2, TimeUnit.MINUTES);
            bystander.awaitDone(3);

            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> Analysis.caughtUp(pair));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("analysis-service did not get through the topic (a bad record stalls it?): "
                        + "other project " + Analysis.totals(pair.analysis(), other) + " of " + Outcomes.totals(OTHER_PROJECT)
                        + ", poisoned project " + Analysis.totals(pair.analysis(), project) + " of " + expected
                        + ", dead letters so far " + Analysis.records(pair.dlqTopic()) + " of " + poisons.size(), e);
            }
            assertThat(Analysis.totals(pair.analysis(), other)).as("the other project").isEqualTo(Outcomes.totals(OTHER_PROJECT));
            assertThat(Analysis.totals(pair.analysis(), project)).as("the good outcomes of the poisoned project").isEqualTo(expected);

            List<ConsumerRecord<String, String>> dead = readAll(pair.dlqTopic());
            assertThat(dead).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(poisons.stream().map(Poison::value).toList());
            for (ConsumerRecord<String, String> letter : dead) {
                RecordMetadata origin = sent.get(letter.value());
                assertThat(header(letter, "testpulse-dlq-reason")).as("reason of %s", letter.value()).isNotBlank();
                assertThat(header(letter, "testpulse-dlq-origin")).as("origin of %s", letter.value())
                        .isEqualTo(origin.topic() + "/" + origin.partition() + "@" + origin.offset());
            }
            System.out.printf("PoisonRecordsIT: %d good outcomes through ingest (1 with a NUL in its name), %d good and %d bad "
                    + "records from 2 raw producers, %d outcomes of another project at the same time; %d dead letters: %s; "
                    + "totals %s and %s%n", INGEST_GOOD + 1, 2 * RAW_GOOD_PER_PRODUCER, poisons.size(), OTHER_PROJECT,
                    dead.size(), dead.stream().map(letter -> header(letter, "testpulse-dlq-reason")).toList(),
                    Analysis.totals(pair.analysis(), project), Analysis.totals(pair.analysis(), other));
        } finally {
            producers.shutdownNow();
        }
    }

    /**
     * Good v1 records with this producer's poison spread between them, keyed {@code project/suite} as ingest keys
     * them, so the bad ones share partitions and batches with good ones. Returns the good ones' totals per status.
     */
    private static Map<String, Long> produceInterleaved(int producerId, String project, Instant now, List<Poison> poisons,
            Map<String, RecordMetadata> sent) throws Exception {
        Map<String, Long> totals = new HashMap<>();
        int every = RAW_GOOD_PER_PRODUCER / (poisons.size() + 1);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> poisonSends = new ArrayList<>();
            for (int i = 0; i < RAW_GOOD_PER_PRODUCER; i++) {
                String suite = "suite-" + (i % Outcomes.SUITES);
                String status = Outcomes.status(i);
                producer.send(new ProducerRecord<>(pair.topic(), project + "/" + suite,
                        raw(project + "-raw-" + producerId + "-" + i, project, suite, "raw" + producerId + "-" + i, status, now)));
                totals.merge(status, 1L, Long::sum);
                totals.merge("total", 1L, Long::sum);
                int poison = i / every;
                if (i % every == every - 1 && poison < poisons.size()) {
                    Poison bad = poisons.get(poison);
                    poisonSends.add(producer.send(new ProducerRecord<>(pair.topic(), project + "/suite-" + (i % Outcomes.SUITES),
                            bad.value())));
                }
            }
            producer.flush();
            for (int p = 0; p < poisonSends.size(); p++) {
                sent.put(poisons.get(p).value(), poisonSends.get(p).get(30, TimeUnit.SECONDS));
            }
        }
        return totals;
    }

    /** A v1 outcome record as ingest would publish it ({@code name} already JSON-escaped). */
    private static String raw(String id, String project, String suite, String name, String status, Instant observedAt) {
        return """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci",\
                "run":{"id":"raw-1","attempt":1,"commit":"c1","branch":"main"},"suite":"%s",\
                "test":{"class":"Raw","name":"%s","tags":[]},"status":"%s","duration_ms":5,"retry":0,"observed_at":"%s"}"""
                .formatted(id, project, suite, name, status, observedAt);
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        long end = Analysis.records(topic);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= end;
            });
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A record analysis-service cannot store, which producer sends it, and what it is. */
    private record Poison(int producer, String what, String value) {
    }

    private static String incompressible(int length) {
        java.util.Random random = new java.util.Random(7);
        StringBuilder text = new StringBuilder(length);
        random.ints(length, 'a', 'z' + 1).forEach(c -> text.append((char) c));
        return text.toString();
    }
}
