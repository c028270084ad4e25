package dev.testpulse.faults.support;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.FreePorts;
import dev.testpulse.devstack.ServiceProcess;

/**
 * Both packaged services as real processes on the JVM's shared broker and database, for one scenario. Each scenario
 * gets its own outcomes topic, dead-letter topic and consumer group, so a poison record or an outage left behind by
 * one scenario can never stall or change another; everything else (tokens, alerts, the database) is shared. A
 * scenario may run several analysis-service instances: one consumer group, one database, the same topics, as the
 * Kubernetes example deploys them.
 */
public final class FaultPair implements AutoCloseable {

    public static final String ADMIN_TOKEN = "fault-suite-admin-7d3e9a1c5b2f4e8d6a0c9b7e";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LOGS = ROOT.resolve("fault-suite/target/fault-logs");
    private static final Path INGEST_JAR = ROOT.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
    private static final Path ANALYSIS_JAR = ROOT.resolve("analysis-service/target/quarkus-app/quarkus-run.jar");

    private final String scenario;
    private final String topic;
    private final String dlqTopic;
    private final String runsTopic;
    private final String group;
    private final Map<String, String> ingestOverrides = new HashMap<>();
    private final Map<String, String> analysisOverrides = new HashMap<>();
    private final List<ServiceProcess> analyses = new ArrayList<>();
    private String ingestHeap = "512m";
    private ServiceProcess ingest;

    private FaultPair(String scenario) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.scenario = scenario;
        this.topic = "faults." + scenario + "." + suffix + ".outcomes";
        this.dlqTopic = topic + ".dlq";
        // run notices too: one group shared by every scenario made a scenario's analysis wait for the members an
        // earlier scenario's SIGKILL left behind (up to the session timeout) before it heard of any run ending
        this.runsTopic = "faults." + scenario + "." + suffix + ".runs";
        this.group = "faults-" + scenario + "-" + suffix;
        DevStack.shared().kafka().createTopics(DevStack.OUTCOME_PARTITIONS, topic);
        DevStack.shared().kafka().createTopics(1, dlqTopic, runsTopic);
    }

    /** Creates the scenario's topics and starts analysis-service, then ingest-service, each waiting until ready. */
    public static FaultPair start(String scenario) {
        return start(scenario, Map.of());
    }

    /** As {@link #start(String)}, with ingest-service's configuration changed by {@code ingestOverrides}. */
    public static FaultPair start(String scenario, Map<String, String> ingestOverrides) {
        return start(scenario, ingestOverrides, 1, Map.of());
    }

    /**
     * As {@link #start(String, Map)}, with ingest-service's heap limited to {@code ingestHeap} ({@code -Xmx}, e.g.
     * "128m"), for scenarios about what ingest does when its memory runs short.
     */
    public static FaultPair startWithIngestHeap(String scenario, String ingestHeap, Map<String, String> ingestOverrides) {
        return start(scenario, ingestOverrides, 1, Map.of(), ingestHeap);
    }

    /**
     * As {@link #start(String, Map)}, with {@code analysisInstances} analysis-service processes in the scenario's one
     * consumer group (same database, same topics), each configured with {@code analysisOverrides}. They start side
     * by side (Flyway serialises their migrations with a lock), then ingest-service.
     */
    public static FaultPair start(String scenario, Map<String, String> ingestOverrides, int analysisInstances,
            Map<String, String> analysisOverrides) {
        return start(scenario, ingestOverrides, analysisInstances, analysisOverrides, "512m");
    }

    private static FaultPair start(String scenario, Map<String, String> ingestOverrides, int analysisInstances,
            Map<String, String> analysisOverrides, String ingestHeap) {
        if (analysisInstances < 1) {
            throw new IllegalArgumentException("a scenario needs at least one analysis-service instance");
        }
        FaultPair pair = new FaultPair(scenario);
        pair.ingestHeap = ingestHeap;
        pair.ingestOverrides.putAll(ingestOverrides);
        pair.analysisOverrides.putAll(analysisOverrides);
        try {
            for (int instance = 1; instance <= analysisInstances; instance++) {
                String log = scenario + "-analysis" + (instance == 1 ? "" : "-" + instance) + ".log";
                pair.analyses.add(ServiceProcess.launch("analysis-service", ANALYSIS_JAR, FreePorts.next(), pair.analysisConfig(),
                        LOGS.resolve(log)));
            }
            pair.analyses.forEach(ServiceProcess::awaitReady);
            pair.ingest = ServiceProcess.start("ingest-service", INGEST_JAR, FreePorts.next(), pair.ingestConfig(),
                    LOGS.resolve(scenario + "-ingest.log"), pair.ingestHeap);
        } catch (RuntimeException e) {
            pair.analyses.forEach(ServiceProcess::kill);
            throw e;
        }
        return pair;
    }

    private Map<String, String> analysisConfig() {
        Map<String, String> config = new HashMap<>(DevStack.shared().serviceConfig());
        config.put("mp.messaging.incoming.outcomes.topic", topic);
        config.put("mp.messaging.incoming.outcomes.group.id", group);
        config.put("mp.messaging.outgoing.outcomes-dlq.topic", dlqTopic);
        config.put("mp.messaging.incoming.runs.topic", runsTopic);
        config.put("mp.messaging.incoming.runs.group.id", group + "-runs");
        config.put("testpulse.admin-token", ADMIN_TOKEN);
        config.putAll(analysisOverrides);
        return config;
    }

    private Map<String, String> ingestConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", DevStack.shared().kafka().bootstrapServers());
        config.put("testpulse.admin-token", ADMIN_TOKEN);
        config.put("mp.messaging.outgoing.outcomes.topic", topic);
        config.put("mp.messaging.outgoing.runs.topic", runsTopic);
        // A client hears 503 after 5 s instead of 15 s and is told to come back after 1 s: the outage tests run
        // through many more retries in the same time. Production keeps its defaults.
        config.put("testpulse.ingest.publish-timeout", "5s");
        config.put("testpulse.ingest.retry-after-seconds", "1");
        // builds read their quarantine list through ingest, from the scenario's (first) analysis, as deployed
        config.put("testpulse.ingest.analysis-url", analyses.get(0).url());
        config.putAll(ingestOverrides);
        return config;
    }

    /** A project token, created through ingest's admin API. */
    public String projectToken(String project) {
        return given().baseUri(ingest.url()).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json")
                .body(Map.of("project", project)).post("/api/v1/admin/tokens")
                .then().statusCode(201).extract().path("token");
    }

    public ServiceProcess ingest() {
        return ingest;
    }

    /** The (first) analysis-service instance. */
    public ServiceProcess analysis() {
        return analyses.get(0);
    }

    /** Analysis-service instance {@code number}, counted from 1 in the order they were started. */
    public ServiceProcess analysis(int number) {
        return analyses.get(number - 1);
    }

    /** Every analysis-service instance of the scenario. */
    public List<ServiceProcess> analyses() {
        return List.copyOf(analyses);
    }

    public String scenario() {
        return scenario;
    }

    /** The outcomes topic of this scenario (ingest publishes to it, analysis consumes it). */
    public String topic() {
        return topic;
    }

    public String dlqTopic() {
        return dlqTopic;
    }

    public String group() {
        return group;
    }

    @Override
    public void close() {
        try {
            if (ingest != null) {
                ingest.stop();
            }
        } finally {
            stopAll(0);
        }
    }

    /** Stops instance {@code index} and every later one, even when stopping one of them throws. */
    private void stopAll(int index) {
        if (index >= analyses.size()) {
            return;
        }
        try {
            analyses.get(index).stop();
        } finally {
            stopAll(index + 1);
        }
    }
}
