package dev.testpulse.analysis.support;

import java.nio.file.Path;
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

    private final ServiceProcess ingest;
    private final ServiceProcess analysis;

    private PackagedPair(ServiceProcess ingest, ServiceProcess analysis) {
        this.ingest = ingest;
        this.analysis = analysis;
    }

    public static PackagedPair start(String name) {
        Map<String, String> config = DevStack.shared().serviceConfig();
        ServiceProcess analysis = ServiceProcess.start("analysis-service",
                ROOT.resolve("analysis-service/target/quarkus-app/quarkus-run.jar"), FreePorts.next(), config,
                LOGS.resolve(name + "-analysis.log"));
        try {
            ServiceProcess ingest = ServiceProcess.start("ingest-service",
                    ROOT.resolve("ingest-service/target/quarkus-app/quarkus-run.jar"), FreePorts.next(), config,
                    LOGS.resolve(name + "-ingest.log"));
            return new PackagedPair(ingest, analysis);
        } catch (RuntimeException e) {
            analysis.kill();
            throw e;
        }
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
