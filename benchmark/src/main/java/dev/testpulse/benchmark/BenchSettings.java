package dev.testpulse.benchmark;

import java.nio.file.Path;

import dev.testpulse.devstack.ShippedJvm;

/**
 * The sizes of one benchmark run, from system properties (defaults in benchmark/pom.xml are a full run of issue #13;
 * pass smaller ones for a quick run while developing).
 *
 * @param root            the repository root, where both services' {@code target/quarkus-app} live
 * @param rawRecords      records Kafka's ProducerPerformance sends for the ceiling
 * @param ingestRequests  requests per upload format, measured
 * @param ingestWarmup    requests per upload format sent first, not measured
 * @param ingestBatch     outcomes per request
 * @param ingestClients   concurrent HTTP clients
 * @param junitMegabytes  size of the big JUnit report (parse figure, and one upload of it to ingest)
 * @param analysisOutcomes outcomes pre-filled for each analysis figure
 * @param latencySeconds  how long the steady load of the latency figure lasts
 * @param latencyRate     outcomes/s of that steady load
 * @param latencyWarmupSeconds how long the same load runs first, unmeasured, on a project of its own
 * @param burstUploads    JUnit reports posted at once in the burst figure
 * @param burstTests      test cases in each of them
 */
record BenchSettings(Path root, int rawRecords, int ingestRequests, int ingestWarmup, int ingestBatch, int ingestClients,
        int junitMegabytes, int analysisOutcomes, int latencySeconds, int latencyRate, int latencyWarmupSeconds,
        int burstUploads, int burstTests) {

    /** ingest-service's JVM as shipped (Dockerfile, deploy/k8s, the local run). */
    static final ShippedJvm INGEST_JVM = ShippedJvm.INGEST;
    static final String INGEST_HEAP = INGEST_JVM.maxHeap();
    /** analysis-service's JVM as shipped (Dockerfile, the local run); bench.analysis.heap tries another heap. */
    static final ShippedJvm ANALYSIS_JVM = System.getProperty("bench.analysis.heap", "").isBlank() ? ShippedJvm.ANALYSIS
            : ShippedJvm.ANALYSIS.withMaxHeap(System.getProperty("bench.analysis.heap").trim());
    static final String ANALYSIS_HEAP = ANALYSIS_JVM.maxHeap();

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Path.of(System.getProperty("testpulse.root", ".")).toAbsolutePath().normalize(),
                Integer.getInteger("bench.raw.records", 500_000),
                Integer.getInteger("bench.ingest.requests", 300),
                Integer.getInteger("bench.ingest.warmup", 100),
                Integer.getInteger("bench.ingest.batch", 1000),
                Integer.getInteger("bench.ingest.clients", 6),
                Integer.getInteger("bench.junit.mb", 50),
                Integer.getInteger("bench.analysis.outcomes", 300_000),
                Integer.getInteger("bench.latency.seconds", 30),
                Integer.getInteger("bench.latency.rate", 1000),
                Integer.getInteger("bench.latency.warmup", 20),
                Integer.getInteger("bench.burst.uploads", 50),
                Integer.getInteger("bench.burst.tests", 20_000));
    }

    Path ingestJar() {
        return root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
    }

    Path analysisJar() {
        return root.resolve("analysis-service/target/quarkus-app/quarkus-run.jar");
    }

    Path logs() {
        return root.resolve("benchmark/target/logs");
    }
}
