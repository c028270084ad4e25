package dev.testpulse.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The local run: a real Kafka broker, a real PostgreSQL and both packaged services on this machine, no Docker.
 * Prints where to look and stops everything on Ctrl-C. With {@code -Dtestpulse.local.services=infra} only Kafka and
 * PostgreSQL, for the services in Quarkus dev mode.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(System.getProperty("testpulse.root", ".")).toAbsolutePath().normalize();
        int ingestPort = Integer.getInteger("testpulse.ingest.port", 8080);
        int analysisPort = Integer.getInteger("testpulse.analysis.port", 8081);
        long started = System.nanoTime();

        System.out.println("testpulse: starting Kafka and PostgreSQL ...");
        // One hook closing in reverse start order: services before the broker and database they use.
        Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(running);
            // Ctrl-C is how a local run ends, not a failure: exit 0 (a signal's 130 would make Maven's exec report
            // BUILD FAILURE). halt, because exit inside a shutdown hook would wait for this hook for ever.
            System.out.println("testpulse: stopped.");
            Runtime.getRuntime().halt(0);
        }, "local-run-shutdown"));
        DevStack stack = DevStack.start();
        running.push(stack);

        Map<String, String> config = new HashMap<>(stack.serviceConfig());
        String adminToken = System.getProperty("testpulse.admin-token", "local-admin-" + UUID.randomUUID());
        // both services read the one admin token; a packaged service refuses one shorter than 32 characters
        config.put("testpulse.admin-token", adminToken);
        // builds read their quarantine list through ingest, which asks analysis (issue 27)
        config.put("testpulse.ingest.analysis-url", "http://127.0.0.1:" + analysisPort);
        if ("infra".equals(System.getProperty("testpulse.local.services"))) {
            printDevModeCommands(config, ingestPort, analysisPort, Duration.ofNanos(System.nanoTime() - started));
            Thread.currentThread().join();
        }
        Path logs = root.resolve("target/local-run");
        System.out.println("testpulse: starting ingest-service and analysis-service ...");
        ServiceProcess analysis = ServiceProcess.start("analysis-service",
                root.resolve("analysis-service/target/quarkus-app/quarkus-run.jar"), analysisPort, config,
                logs.resolve("analysis-service.log"), ShippedJvm.ANALYSIS);
        running.push(analysis);
        ServiceProcess ingest = ServiceProcess.start("ingest-service",
                root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar"), ingestPort, config,
                logs.resolve("ingest-service.log"), ShippedJvm.INGEST);
        running.push(ingest);

        Duration upIn = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("""

                testpulse is up (healthy in %.1f s). Ctrl-C stops everything.
                  dashboard         %s/   (every project's rate, trends and alerts: start here)
                  ingest-service    %s   (POST /api/v1/outcomes, OpenAPI %s/q/swagger-ui)
                  analysis-service  %s   (GET /api/v1/projects/{project}/summary, OpenAPI %s/q/swagger-ui)
                  Kafka bootstrap   %s   (topics %s, %s, %s)
                  PostgreSQL        %s   (user postgres)
                  logs              %s
                  admin token       %s
                Create a project token (uploads need one):
                  curl -s -X POST %s/api/v1/admin/tokens -H 'Authorization: Bearer %s' \\
                       -H 'Content-Type: application/json' -d '{"project":"webshop"}'
                %n""", upIn.toMillis() / 1000.0, analysis.url(), ingest.url(), ingest.url(), analysis.url(), analysis.url(),
                stack.kafka().bootstrapServers(), DevStack.OUTCOMES_TOPIC, DevStack.OUTCOMES_DLQ_TOPIC,
                DevStack.ALERTS_TOPIC, stack.jdbcUrl(), logs, adminToken, ingest.url(), adminToken);
        Thread.currentThread().join();
    }

    /** Only Kafka and PostgreSQL run: each service is then started by the developer in Quarkus dev mode. */
    private static void printDevModeCommands(Map<String, String> config, int ingestPort, int analysisPort, Duration upIn) {
        System.out.printf("""

                testpulse: Kafka and PostgreSQL are up (in %.1f s). Ctrl-C stops them.
                Run each service in dev mode (live reload, Dev UI at /q/dev-ui), each in its own terminal:
                  ./mvnw %s
                  ./mvnw %s
                  dashboard         http://127.0.0.1:%d/   (once analysis-service is up)
                %n""", upIn.toMillis() / 1000.0, devMode(DevModeCommand.INGEST, config, ingestPort, 5005),
                devMode(DevModeCommand.ANALYSIS, config, analysisPort, 5006), analysisPort);
    }

    /** Each on its own HTTP port, as in the full local run, and its own debugger port: both run at once. */
    private static String devMode(String service, Map<String, String> config, int httpPort, int debugPort) {
        Map<String, String> properties = new HashMap<>(config);
        properties.put("quarkus.http.port", Integer.toString(httpPort));
        properties.put("debugPort", Integer.toString(debugPort));
        return String.join(" ", DevModeCommand.mavenArguments(service, properties));
    }

    private static void closeAll(Deque<AutoCloseable> running) {
        System.out.println("testpulse: stopping ...");
        for (AutoCloseable next = running.poll(); next != null; next = running.poll()) {
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("testpulse: error while stopping: " + e);
            }
        }
    }
}
