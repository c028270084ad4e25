package dev.testpulse.faults.support;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.PostgresServer;
import dev.testpulse.devstack.ServiceProcess;

/** What analysis-service says (its summary API) and how far it got (its stored offsets against the topic's end). */
public final class Analysis {

    /** A window wide enough for everything a scenario sends (all of it is observed within the last minutes). */
    public static final String WINDOW = "7d";

    private Analysis() {
    }

    /**
     * The project's totals per status over {@link #WINDOW}, from {@code GET /api/v1/projects/{p}/summary}; empty
     * while the project has none (404).
     */
    public static Map<String, Long> totals(ServiceProcess analysis, String project) {
        var response = given().baseUri(analysis.url()).queryParam("window", WINDOW)
                .get("/api/v1/projects/{p}/summary", project);
        Map<String, Long> totals = new TreeMap<>();
        if (response.statusCode() == 404) {
            return totals;
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("summary answered " + response.statusCode() + ": " + response.asString());
        }
        Map<String, Object> rate = response.jsonPath().getMap("overall.rate");
        for (String key : new String[] {"passed", "failed", "error", "skipped", "total"}) {
            totals.put(key, ((Number) rate.get(key)).longValue());
        }
        return totals;
    }

    /**
     * The project's finished runs, run id to who finished them ({@code reporter} or {@code idle}), from
     * {@code GET /api/v1/projects/{p}/runs?state=finished}; empty while analysis is not answering.
     */
    public static Map<String, String> finishedRuns(ServiceProcess analysis, String project) {
        Map<String, String> finished = new TreeMap<>();
        try {
            var response = given().baseUri(analysis.url()).queryParam("state", "finished").queryParam("limit", 200)
                    .get("/api/v1/projects/{p}/runs", project);
            if (response.statusCode() == 200) {
                List<Map<String, Object>> runs = response.jsonPath().getList("$");
                runs.forEach(run -> finished.put(String.valueOf(run.get("run_id")), String.valueOf(run.get("finished_by"))));
            }
        } catch (RuntimeException notAnswering) {
            // an empty answer: the caller waits
        }
        return finished;
    }

    /** The project's total, or 0 while it has none (or analysis is not answering). */
    public static long total(ServiceProcess analysis, String project) {
        try {
            return totals(analysis, project).getOrDefault("total", 0L);
        } catch (RuntimeException notAnswering) {
            return 0;
        }
    }

    /**
     * Whether analysis-service has applied every record on the scenario's topic: its offsets stored in PostgreSQL
     * (table {@code consumer_offsets}, written in each batch's transaction) reach the end of every partition. Once
     * true, nothing is left that could still change a total.
     */
    public static boolean caughtUp(FaultPair pair) {
        try {
            return stored(pair).equals(ends(pair.topic()));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** How many records the topic holds (the sum of its partitions' end offsets; no transactions on it). */
    public static long records(String topic) {
        return ends(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<Integer, Long> ends(String topic) {
        try (Admin admin = DevStack.shared().kafka().admin()) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(10, TimeUnit.SECONDS).entrySet().stream()
                    .filter(entry -> entry.getValue().offset() > 0)
                    .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset(),
                            (a, b) -> a, TreeMap::new));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        }
    }

    private static Map<Integer, Long> stored(FaultPair pair) throws SQLException {
        Map<Integer, Long> stored = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(DevStack.shared().jdbcUrl(), PostgresServer.USER, "unused");
                PreparedStatement query = connection.prepareStatement("""
                        select kafka_partition, next_offset from consumer_offsets
                        where consumer_group = ? and topic = ? and next_offset > 0""")) {
            query.setString(1, pair.group());
            query.setString(2, pair.topic());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return stored;
    }
}
