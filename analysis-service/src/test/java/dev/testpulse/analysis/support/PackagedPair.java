package dev.testpulse.analysis.support;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.FreePorts;
import dev.testpulse.devstack.ServiceProcess;

/**
 * Both packaged services as real processes on the shared broker and database, as they run in production: the
 * fixture of every test that proves the pair works, or that it survives a crash.
 */
public final class PackagedPair implements AutoCloseable {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LOGS = ROOT.resolve("analysis-service/target/it-logs");
    private static final Path INGEST_JAR = ROOT.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
    /** Packaged services refuse to start with a short admin token: this one is 32+ characters and random enough for a test. */
    public static final String ADMIN_TOKEN = "pair-admin-5f0c1d9e8b7a4c3d2e1f0a9b8c7d6e5f";

    private final ServiceProcess ingest;
    private final ServiceProcess analysis;

    private PackagedPair(ServiceProcess ingest, ServiceProcess analysis) {
        this.ingest = ingest;
        this.analysis = analysis;
    }

    public static PackagedPair start(String name) {
        Map<String, String> config = config();
        ServiceProcess analysis = ServiceProcess.start("analysis-service",
                ROOT.resolve("analysis-service/target/quarkus-app/quarkus-run.jar"), FreePorts.next(), config,
                LOGS.resolve(name + "-analysis.log"));
        try {
            return new PackagedPair(startIngest(name), analysis);
        } catch (RuntimeException e) {
            analysis.kill();
            throw e;
        }
    }

    /** Another ingest-service instance on the same broker, as a load balancer would spread them; the caller stops it. */
    public static ServiceProcess startIngest(String name) {
        return ServiceProcess.start("ingest-service", INGEST_JAR, FreePorts.next(), config(), LOGS.resolve(name + "-ingest.log"));
    }

    /** A project token, created through the admin API of the given ingest instance. */
    public static String projectToken(ServiceProcess ingest, String project) {
        return given().baseUri(ingest.url()).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json")
                .body(Map.of("project", project)).post("/api/v1/admin/tokens")
                .then().statusCode(201).extract().path("token");
    }

    private static Map<String, String> config() {
        Map<String, String> config = new HashMap<>(DevStack.shared().serviceConfig());
        config.put("testpulse.admin-token", ADMIN_TOKEN);
        return config;
    }

    public ServiceProcess ingest() {
        return ingest;
    }

    public ServiceProcess analysis() {
        return analysis;
    }

    @Override
    public void close() {
        ingest.stop();
        analysis.stop();
    }
}
