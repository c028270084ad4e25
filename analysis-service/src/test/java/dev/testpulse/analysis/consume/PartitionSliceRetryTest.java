package dev.testpulse.analysis.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.AlertInbox;
import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A batch spanning three partitions, one run across three suites (so one shared {@code runs} row), where the middle
 * partition's slice hits a transient database fault: its first attempt always fails, and every attempt fails until the
 * other two partitions' offsets are committed. Only a consumer that applies each partition in a transaction of its own
 * and retries the failed slice alone gets through; each outcome is counted once.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class PartitionSliceRetryTest {

    private static final int PER_PARTITION = 5;

    @Inject
    OutcomeConsumer consumer;

    @Inject
    DataSource dataSource;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
    private final String topic = "slices-" + suffix;
    private final String project = "slices-" + suffix;
    private final String trigger = "slice_fault_" + suffix;

    @Test
    void aFailedPartitionIsRetriedAloneWhileTheOthersCommitAndEachOutcomeCountsOnce() throws Exception {
        // the consumer also commits the offsets it applied to Kafka; for a topic the broker does not know, the client
        // retries that commit on the polling thread without end, and the application's consumer stops for every later test
        DevStack.shared().kafka().createTopics(3, topic);
        installFault();

        ConsumerRecords<String, String> batch = batch();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> consumer.consume(batch),
                "the batch was never applied: the faulty partition held the other partitions' commits back");

        assertThat(single("select last_value from " + trigger + "_attempts")).as("attempts of the faulty slice").isGreaterThanOrEqualTo(2);
        assertThat(single("select count(*) from outcome where project = '" + project + "'")).isEqualTo(3 * PER_PARTITION);
        // the run's tally is added by the project's evaluation after the commit, from the inbox the slices wrote
        AlertInbox.awaitEvaluated(dataSource, project);
        assertThat(single("select outcomes from runs where project = '" + project + "'")).isEqualTo(3 * PER_PARTITION);
        assertThat(single("select sum(passed) from minute_counts where project = '" + project + "' and test_key = ''"))
                .isEqualTo(3 * PER_PARTITION);
        assertThat(single("select count(*) from consumer_offsets where topic = '" + topic + "' and next_offset = " + PER_PARTITION))
                .isEqualTo(3);

        // The same batch again, as after a rebalance: nothing counts twice.
        consumer.consume(batch);
        assertThat(single("select count(*) from outcome where project = '" + project + "'")).isEqualTo(3 * PER_PARTITION);
        AlertInbox.awaitEvaluated(dataSource, project);
        assertThat(single("select outcomes from runs where project = '" + project + "'")).isEqualTo(3 * PER_PARTITION);
    }

    @AfterEach
    void removeFault() throws SQLException {
        execute("drop trigger if exists " + trigger + " on tests", "drop function if exists " + trigger + "()",
                "drop sequence if exists " + trigger + "_attempts");
    }

    /**
     * A fault on the tests rows of suite s1 only (partition 1): 40001 is a transient SQLSTATE, so the applier rolls the
     * slice back and the consumer retries it. The sequence counts attempts outside any transaction.
     */
    private void installFault() throws SQLException {
        execute("create sequence " + trigger + "_attempts", """
                create function %1$s() returns trigger language plpgsql as $$
                begin
                    if new.project = '%2$s' and new.suite = 's1' then
                        if nextval('%1$s_attempts') = 1 then
                            raise exception 'first attempt of partition 1 fails' using errcode = '40001';
                        end if;
                        if (select count(*) from consumer_offsets
                            where topic = '%3$s' and kafka_partition in (0, 2) and next_offset = %4$d) < 2 then
                            raise exception 'partition 1 fails until partitions 0 and 2 are committed' using errcode = '40001';
                        end if;
                    end if;
                    return new;
                end $$""".formatted(trigger, project, topic, PER_PARTITION),
                "create trigger " + trigger + " before insert on tests for each row execute function " + trigger + "()");
    }

    private ConsumerRecords<String, String> batch() {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> records = new HashMap<>();
        for (int partition = 0; partition < 3; partition++) {
            String suite = "s" + partition;
            int p = partition;
            records.put(new TopicPartition(topic, partition), IntStream.range(0, PER_PARTITION)
                    .mapToObj(offset -> new ConsumerRecord<>(topic, p, offset, project + "/" + suite,
                            OutcomeTopic.outcome(project + "-" + suite + "-" + offset, project, suite, "t" + offset, "passed")))
                    .toList());
        }
        return new ConsumerRecords<>(records, Map.of());
    }

    private long single(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement query = connection.createStatement();
                ResultSet rs = query.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
