package dev.testpulse.analysis.consume;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The offset fence, apart from id deduplication: a consumer that still believes it owns a partition (after a
 * rebalance it missed) re-applies offsets another consumer already applied. Those offsets carry fresh ids here, so
 * only the stored offset can keep them from counting twice.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class OffsetFenceTest {

    private static final String TOPIC = "fence-test-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    OutcomeBatchApplier applier;

    @Inject
    DataSource dataSource;

    private final String project = "fence-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aStaleConsumerCannotApplyOffsetsAnotherAlreadyApplied() throws Exception {
        assertThat(applier.apply(batch(0, 10, "owner")).counted()).isEqualTo(10);

        // The stale consumer's batch overlaps: offsets 5..9 again (new ids, same offsets), then 10..14 new.
        assertThat(applier.apply(batch(5, 15, "stale")).counted()).isEqualTo(5);
        // And a redelivery of an old batch entirely below the stored offset counts nothing.
        assertThat(applier.apply(batch(0, 10, "replay")).counted()).isZero();

        assertThat(storedNextOffset()).isEqualTo(15);
        given().queryParam("window", "24h").get("/api/v1/projects/{p}/summary", project).then().statusCode(200)
                .body("overall.rate.passed", equalTo(15));
    }

    private ConsumerRecords<String, String> batch(int from, int to, String idPrefix) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        List<ConsumerRecord<String, String>> records = IntStream.range(from, to)
                .mapToObj(offset -> new ConsumerRecord<>(TOPIC, 0, offset, project + "/s",
                        OutcomeTopic.outcome(idPrefix + "-" + offset + "-" + project, project, "s", "t" + offset, "passed")))
                .toList();
        return new ConsumerRecords<>(Map.of(partition, records), Map.of());
    }

    private long storedNextOffset() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement query = connection.createStatement();
                ResultSet rs = query.executeQuery("select next_offset from consumer_offsets where topic = '" + TOPIC + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
