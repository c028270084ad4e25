package dev.testpulse.devstack;

import java.util.Map;

/**
 * The infrastructure testpulse runs on, started by the project itself: a Kafka broker and a PostgreSQL server.
 * A test JVM shares one instance across all its test classes ({@link #shared()}); the local run owns its own.
 */
public final class DevStack implements AutoCloseable {

    /** The topic ingest-service publishes to and analysis-service consumes. */
    public static final String OUTCOMES_TOPIC = "testpulse.outcomes";
    /** Records analysis-service could not use, with the reason in headers. */
    public static final String OUTCOMES_DLQ_TOPIC = "testpulse.outcomes.dlq";
    /** ingest-service's project tokens (compacted). */
    public static final String TOKENS_TOPIC = "testpulse.tokens";
    /** Alert CloudEvents for subscribers. */
    public static final String ALERTS_TOPIC = "testpulse.alerts";
    /** Runs' lifecycle: ingest publishes there when a reporter says a run finished; analysis reads it. */
    public static final String RUNS_TOPIC = "testpulse.runs";
    /** The database analysis-service keeps its aggregates in. */
    public static final String DATABASE = "testpulse";
    public static final int OUTCOME_PARTITIONS = 6;

    private static DevStack shared;

    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    private DevStack(KafkaBroker kafka, PostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /** Starts a broker and a database with testpulse's topics and database in place. */
    public static DevStack start() {
        KafkaBroker kafka = KafkaBroker.start();
        PostgresServer postgres = null;
        try {
            kafka.createTopics(OUTCOME_PARTITIONS, OUTCOMES_TOPIC);
            kafka.createTopics(1, OUTCOMES_DLQ_TOPIC, ALERTS_TOPIC, RUNS_TOPIC);
            kafka.createCompactedTopic(TOKENS_TOPIC);
            postgres = PostgresServer.start();
            postgres.createDatabase(DATABASE);
            System.getLogger(DevStack.class.getName()).log(System.Logger.Level.INFO,
                    "devstack started: Kafka {0}, PostgreSQL {1}", kafka.bootstrapServers(), postgres.jdbcUrl(DATABASE));
            return new DevStack(kafka, postgres);
        } catch (RuntimeException e) {
            kafka.close();
            if (postgres != null) {
                postgres.close();
            }
            throw e;
        }
    }

    /** The one stack of this JVM, started on first use and torn down when the JVM exits, also after failures. */
    public static synchronized DevStack shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "devstack-shutdown"));
        }
        return shared;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    /** The configuration a testpulse service needs to reach this stack, as Quarkus property names. */
    public Map<String, String> serviceConfig() {
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", "unused-trust-auth");
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
