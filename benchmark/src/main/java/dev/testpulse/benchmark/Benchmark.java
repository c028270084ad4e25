package dev.testpulse.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.FreePorts;
import dev.testpulse.devstack.KafkaBroker;
import dev.testpulse.devstack.ServiceProcess;

/**
 * Issue #13's benchmark: the real stack (devstack broker and PostgreSQL, both packaged services as processes),
 * measured in one run on one broker against Kafka's own perf tools, printed as one table (figure, ceiling, ratio).
 * Run it with {@code ./mvnw -Pbench verify -DskipTests}; what limits each figure is in docs/benchmarks.md.
 */
public final class Benchmark {

    static final String ADMIN_TOKEN = "bench-admin-7c1e9a2b4d6f8091a3c5e7f9b1d3f5a7";
    private static final int PARTITIONS = 12;
    /**
     * The producer ceiling swings most between runs on a shared machine (61,000–121,000 records/s in a day's full runs,
     * while ingest's own rates moved far less): its median of a few rounds is what every ingest ratio divides by.
     */
    private static final int RAW_ROUNDS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The analysis workloads: every run on one commit (four tests in five flaky), or a commit per run (the common case). */
    private static final String FLAKY_HEAVY = "flaky-heavy (one commit)";
    private static final String COMMIT_PER_RUN = "a commit per run";
    /** The analysis instances' JDBC ApplicationName starts with this, so their sessions can be told apart. */
    private static final String APPLICATION_NAME = "testpulse-analysis-";

    private final BenchSettings settings;
    private final KafkaBroker kafka;
    private final KafkaCeiling ceiling;
    private final MemoryWatch memory = new MemoryWatch();
    private final ResultTable table = new ResultTable();
    private final Deque<ServiceProcess> running = new ArrayDeque<>();
    /**
     * Which parts run (bench.phases, comma-separated; default all): raw, ingest, parse, analysis (both workloads on one
     * instance, then two instances), latency, burst; and while profiling: analysis-one (both workloads, one instance),
     * analysis-flaky or analysis-commits (one workload, one instance).
     */
    private final java.util.Set<String> phases = java.util.Set.of(
            System.getProperty("bench.phases", "raw,ingest,parse,analysis,latency,burst").split(","));

    private Benchmark(BenchSettings settings, DevStack stack) {
        this.settings = settings;
        this.kafka = stack.kafka();
        this.ceiling = new KafkaCeiling(kafka.bootstrapServers(), settings.logs());
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        System.out.println("benchmark: " + settings);
        Benchmark benchmark = new Benchmark(settings, DevStack.shared());
        int status = 0;
        try {
            benchmark.run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        } finally {
            benchmark.stopAll();
        }
        System.exit(status); // the shared stack's shutdown hook stops the broker and the database
    }

    private void run() throws Exception {
        int recordSize = Workload.recordSize();
        double rawProduce = 0;
        if (phases.contains("raw")) {
            log("raw producer: %d rounds of %,d records of %d B (an outcome's size), acks=all", RAW_ROUNDS,
                    settings.rawRecords(), recordSize);
            kafka.createTopics(PARTITIONS, "bench.raw");
            double producerBefore = ResourceCost.reapedChildrenCpuSeconds();
            double brokerBefore = ResourceCost.processCpuSeconds(ProcessHandle.current().pid());
            double[] rounds = new double[RAW_ROUNDS];
            for (int i = 0; i < RAW_ROUNDS; i++) {
                rounds[i] = ceiling.produce("bench.raw", settings.rawRecords(), recordSize);
            }
            double records = (double) RAW_ROUNDS * settings.rawRecords();
            double producer = (ResourceCost.reapedChildrenCpuSeconds() - producerBefore) / records * 1e6;
            double broker = (ResourceCost.processCpuSeconds(ProcessHandle.current().pid()) - brokerBefore) / records * 1e6;
            String each = Arrays.stream(rounds).mapToObj(ResultTable::format).collect(Collectors.joining(" / "));
            Arrays.sort(rounds);
            rawProduce = rounds[RAW_ROUNDS / 2];
            table.add("Kafka ProducerPerformance, " + recordSize + " B, acks=all, the median of " + RAW_ROUNDS + " rounds",
                    rawProduce, "records/s", "itself", rawProduce);
            table.note("Kafka ProducerPerformance, each round; CPU per record",
                    each + " records/s; producer %.1f µs, broker %.1f µs".formatted(producer, broker),
                    "each producer's JVM start included");
        }
        ServiceProcess ingest = null;
        if (phases.contains("ingest") || phases.contains("latency") || phases.contains("burst")) {
            kafka.createTopics(PARTITIONS, "bench.ingest");
            ingest = startIngest("bench.ingest");
        }
        if (phases.contains("ingest")) {
            ingestFigures(ingest, rawProduce);
        }
        if (phases.contains("parse")) {
            junitParseFigure();
        }
        boolean allAnalysis = phases.contains("analysis");
        boolean flaky = allAnalysis || phases.contains("analysis-one") || phases.contains("analysis-flaky");
        boolean commits = allAnalysis || phases.contains("analysis-one") || phases.contains("analysis-commits");
        if (flaky || commits || phases.contains("latency")) {
            ServiceProcess analysis = startAnalysis("latency", "bench.latency", "bench-latency");
            if (flaky || commits) {
                createRules(analysis.url(), List.of("a1", "a2", "c1"));
                analysisFigures(flaky, commits, allAnalysis);
            }
            if (phases.contains("latency")) {
                latencyFigures(ingest, analysis);
            }
        }
        if (phases.contains("burst")) {
            burstFigures(ingest);
        }
        memoryFigures();

        String markdown = table.markdown();
        Path out = settings.root().resolve("benchmark/target/benchmark-table.md");
        Files.writeString(out, machine() + "\n" + markdown);
        System.out.println("\n" + machine() + "\n" + markdown + "\n(also in " + out + ")");
    }

    private void ingestFigures(ServiceProcess ingest, double rawProduce) {
        String token = projectToken(ingest, "bench");
        IngestLoad load = new IngestLoad(ingest.url(), token, settings.ingestClients(), ingest.pid());
        int batch = settings.ingestBatch();
        int requests = settings.ingestRequests();
        int warmup = settings.ingestWarmup();
        String clients = " (%d clients, %d/request, after %d requests of each format unmeasured)"
                .formatted(settings.ingestClients(), batch, warmup);
        // a format's uploads of one round: the warm-up names its runs apart, so every outcome keeps its own id
        List<IngestLoad.Format> formats = List.of(
                new IngestLoad.Format("JSON array", "application/json", (round, i) -> new IngestLoad.Upload(
                        "/api/v1/outcomes", Workload.jsonArray("bench", "json-" + round + i, batch))),
                new IngestLoad.Format("NDJSON", "application/x-ndjson", (round, i) -> new IngestLoad.Upload(
                        "/api/v1/outcomes", Workload.ndjson("bench", "ndjson-" + round + i, batch))),
                new IngestLoad.Format("JUnit XML", "application/xml",
                        (round, i) -> new IngestLoad.Upload("/api/v1/reports/junit?pipeline=ci&run=junit-" + round + i,
                                Workload.junit("suite" + i, batch))));
        log("ingest: warming every format, %d requests each (not measured)", warmup);
        formats.forEach(format -> load.warm(format, warmup, "warm-"));
        for (IngestLoad.Format format : formats) {
            log("ingest: %s", format.name());
            addIngest(format.name(), clients, load.measure(format, requests, batch), rawProduce);
        }
        byte[] big = Workload.junitOfSize(settings.junitMegabytes());
        log("ingest: one JUnit report of %.1f MB", big.length / 1e6);
        double seconds = load.once("/api/v1/reports/junit?pipeline=ci&run=big", "application/xml", big);
        table.note("ingest, one %.0f MB JUnit report".formatted(big.length / 1e6), "202 in %.1f s".formatted(seconds),
                "heap -Xmx" + BenchSettings.INGEST_HEAP);
    }

    private void addIngest(String format, String clients, IngestLoad.Result result, double rawProduce) {
        table.add("ingest " + format + ", outcomes/s answered 202" + clients, result.outcomesPerSecond(), "records/s",
                "raw producer", rawProduce);
        table.note("ingest " + format + ", CPU per outcome", "ingest %.1f µs, clients %.1f µs, broker %.1f µs".formatted(
                result.ingestMicros(), result.clientMicros(), result.brokerMicros()),
                "broker: the benchmark JVM's other threads");
    }

    private void junitParseFigure() {
        byte[] report = Workload.junitOfSize(Math.min(settings.junitMegabytes(), 50));
        log("JUnit parse: %.1f MB in this JVM", report.length / 1048576.0);
        JUnitParse parse = new JUnitParse(report);
        double stax = parse.staxMegabytesPerSecond();
        double parser = parse.parserMegabytesPerSecond();
        table.add("JUnit parser (ingest's JUnitReportParser)", parser, "MB/s", "bare StAX pass", stax);
    }

    /**
     * The analysis figures: one instance on the flaky-heavy workload (every run on one commit), one instance on the
     * workload where every run has its own commit, and two instances on the flaky-heavy one; each against the raw
     * consumer over its own pre-filled topic, in the same run.
     */
    private void analysisFigures(boolean flaky, boolean commits, boolean twoInstances) {
        AnalysisProgress progress = new AnalysisProgress(kafka);
        ResourceCost resources = new ResourceCost(DevStack.shared().jdbcUrl());
        AnalysisProgress.Rate single = null;
        double rawConsume = 0;
        if (flaky) {
            rawConsume = prefillAndMeasureConsumer(progress, "bench.analysis.1", "a1", Workload.Commits.ONE, FLAKY_HEAVY);
            single = oneInstance(progress, resources, FLAKY_HEAVY, "one", "bench.analysis.1", "bench-a1", rawConsume);
        }
        if (commits) {
            double raw = prefillAndMeasureConsumer(progress, "bench.analysis.commits", "c1", Workload.Commits.PER_RUN,
                    COMMIT_PER_RUN);
            oneInstance(progress, resources, COMMIT_PER_RUN, "commits", "bench.analysis.commits", "bench-c1", raw);
        }
        if (twoInstances && single != null) {
            twoInstances(progress, resources, single, rawConsume);
        }
    }

    /** Pre-fills {@code topic} with one workload. @return Kafka's raw consumer rate over it */
    private double prefillAndMeasureConsumer(AnalysisProgress progress, String topic, String prefix,
            Workload.Commits commits, String workload) {
        log("analysis, %s: pre-filling %,d outcomes", workload, settings.analysisOutcomes());
        int prefilled = progress.prefill(topic, PARTITIONS, prefix, commits, settings.analysisOutcomes());
        double rawConsume = ceiling.consume(topic, prefilled);
        table.add("Kafka ConsumerPerformance, the pre-filled topic (" + workload + ")", rawConsume, "records/s", "itself",
                rawConsume);
        return rawConsume;
    }

    private AnalysisProgress.Rate oneInstance(AnalysisProgress progress, ResourceCost resources, String workload,
            String name, String topic, String group, double rawConsume) {
        log("analysis, %s: one instance", workload);
        boolean statements = resources.resetStatements();
        ServiceProcess one = startAnalysis(name, topic, group);
        ResourceCost.Snapshot before = resources.take(one.pid());
        ResourceCost.Snapshot[] halfway = {before};
        AnalysisProgress.Rate rate = progress.awaitApplied(topic, group, analysisTimeout(),
                () -> halfway[0] = resources.take(one.pid()));
        ResourceCost.Snapshot end = resources.take(one.pid());
        if (statements) {
            resources.writeTopStatements(settings.logs().resolve("pg-statements-analysis-" + name + ".txt"));
        }
        stop(one);
        String figure = "analysis, 1 instance, " + workload;
        table.add(figure + ", outcomes/s applied (" + PARTITIONS + " partitions)", rate.overall(), "records/s",
                "raw consumer", rawConsume);
        table.add(figure + ", the second half of the records (JIT warm)", rate.secondHalf(), "records/s",
                "raw consumer", rawConsume);
        addCosts(figure, rate, before, halfway[0], end);
        return rate;
    }

    private void twoInstances(AnalysisProgress progress, ResourceCost resources, AnalysisProgress.Rate single,
            double rawConsume) {
        log("analysis, %s: two instances", FLAKY_HEAVY);
        progress.prefill("bench.analysis.2", PARTITIONS, "a2", Workload.Commits.ONE, settings.analysisOutcomes());
        List<ServiceProcess> instances = new ArrayList<>();
        for (String name : List.of("two-a", "two-b")) {
            ServiceProcess instance = ServiceProcess.launch("analysis-service", settings.analysisJar(), FreePorts.next(),
                    analysisConfig("bench.analysis.2", "bench-a2", name), settings.logs().resolve("analysis-" + name + ".log"),
                    BenchSettings.ANALYSIS_JVM);
            running.push(instance);
            memory.watch("analysis", instance);
            instances.add(instance);
        }
        for (ServiceProcess instance : instances) {
            instance.awaitReady();
        }
        Profiling.record(instances.get(0), "analysis-two-a");
        Profiling.record(instances.get(1), "analysis-two-b");
        long[] pids = instances.stream().mapToLong(ServiceProcess::pid).toArray();
        ResourceCost.Snapshot before = resources.take(pids);
        LockWaits.Result waits;
        ResourceCost.Snapshot[] halfway = {before};
        ResourceCost.Snapshot end;
        AnalysisProgress.Rate two;
        try (LockWaits locks = new LockWaits(DevStack.shared().jdbcUrl(), APPLICATION_NAME + "two-")) {
            // the sampler's own backend is PostgreSQL CPU too, but not the services': taken out of both marks
            two = progress.awaitApplied("bench.analysis.2", "bench-a2", analysisTimeout(),
                    () -> halfway[0] = resources.take(pids).withoutPostgresCpu(locks.samplerCpuSeconds()));
            end = resources.take(pids).withoutPostgresCpu(locks.samplerCpuSeconds());
            waits = locks.stop();
        }
        instances.forEach(this::stop);
        String figure = "analysis, 2 instances, " + FLAKY_HEAVY;
        table.add(figure + ", outcomes/s applied", two.overall(), "records/s", "raw consumer", rawConsume);
        table.add(figure + ", the second half of the records", two.secondHalf(), "records/s", "raw consumer", rawConsume);
        table.add(figure + ", against 1 instance of the same run", two.overall(), "records/s", "1 instance",
                single.overall());
        table.add(figure + ", against 1 instance, the second halves", two.secondHalf(), "records/s", "1 instance",
                single.secondHalf());
        table.note(figure + ", lock waits of their PostgreSQL sessions (pg_stat_activity every " + LockWaits.INTERVAL_MS
                + " ms, wait_event_type Lock)", waits.summary(), "target 0 ms between the instances");
        addCosts(figure, two, before, halfway[0], end);
    }

    /**
     * CPU per applied outcome of PostgreSQL and the analysis JVM(s): the steady state (the second half of the records,
     * after start-up, the group's first rebalance and most of the JIT's work) is the figure the targets are about; the
     * whole run from ready is printed next to it with WAL and storage per outcome.
     */
    private void addCosts(String figure, AnalysisProgress.Rate rate, ResourceCost.Snapshot before,
            ResourceCost.Snapshot halfway, ResourceCost.Snapshot end) {
        if (rate.secondHalfRecords() > 0) {
            ResourceCost.Cost steady = end.since(halfway, rate.secondHalfRecords());
            table.note(figure + ", CPU per applied outcome, steady state (the second half of the records)",
                    "PostgreSQL %.0f µs, analysis %.0f µs".formatted(steady.postgresMicros(), steady.serviceMicros()),
                    "target ≤ 40 µs each; cores kept busy: PostgreSQL %.2f, analysis %.2f".formatted(
                            steady.postgresCores(), steady.serviceCores()));
        }
        ResourceCost.Cost whole = end.since(before, rate.records());
        table.note(figure + ", cost per outcome from ready to the last record (start-up and JIT warm-up included)",
                "PostgreSQL %.0f µs CPU, analysis %.0f µs CPU, %.0f B WAL, database +%.0f B".formatted(
                        whole.postgresMicros(), whole.serviceMicros(), whole.walBytes(), whole.storedBytes()),
                "cores kept busy on average: PostgreSQL %.2f, analysis %.2f".formatted(whole.postgresCores(),
                        whole.serviceCores()));
    }

    private long analysisTimeout() {
        return Math.max(300, settings.analysisOutcomes() / 1000);
    }

    private void latencyFigures(ServiceProcess ingest, ServiceProcess analysis) throws Exception {
        memory.forget(ingest); // sampled once more before the restart resets VmHWM
        ingest.stop();
        ingest.restart(Map.of("mp.messaging.outgoing.outcomes.topic", "bench.latency"));
        memory.watch("ingest", ingest);
        Profiling.record(ingest, "ingest-latency");
        if (settings.latencyWarmupSeconds() > 0) {
            // the same load on a project of its own first: steady state is what is measured, not the JIT's first minute
            log("latency: warm-up, %d outcomes/s for %d s (not measured)", settings.latencyRate(), settings.latencyWarmupSeconds());
            new LatencyProbe(ingest.url(), analysis.url(), projectToken(ingest, "latency-warmup"), "latency-warmup")
                    .run(settings.latencyRate(), settings.latencyWarmupSeconds());
        }
        String token = projectToken(ingest, "latency");
        log("latency: %d outcomes/s for %d s", settings.latencyRate(), settings.latencySeconds());
        LatencyProbe.Result result = new LatencyProbe(ingest.url(), analysis.url(), token, "latency")
                .run(settings.latencyRate(), settings.latencySeconds());
        addLatency("upload → visible in the summary", result.visibleMs(), result.requests());
        addLatency("upload → alert event on testpulse.alerts", result.alertMs(), result.requests());
    }

    /**
     * Issue #25's burst through the packaged services: ingest (restarted to publish to a topic of its own) takes the
     * reports, a fresh analysis instance counts them; default rules only, of which critical_failed fires on the
     * critical test failing first in the middle report.
     */
    private void burstFigures(ServiceProcess ingest) throws InterruptedException, IOException {
        int uploads = settings.burstUploads();
        int tests = settings.burstTests();
        ServiceProcess analysis = startAnalysis("burst", "bench.burst", "bench-burst");
        memory.forget(ingest); // sampled once more before the restart resets VmHWM
        ingest.stop();
        ingest.restart(Map.of("mp.messaging.outgoing.outcomes.topic", "bench.burst"));
        memory.watch("ingest", ingest);
        Map<String, String> tokens = new HashMap<>();
        for (int p = 0; p < Workload.PROJECTS; p++) {
            tokens.put(Burst.project(p), projectToken(ingest, Burst.project(p)));
        }
        AnalysisProgress progress = new AnalysisProgress(kafka);
        progress.awaitAssigned("bench.burst", "bench-burst", 120);
        log("burst: %d JUnit uploads of %,d tests at once", uploads, tests);
        Burst.Result burst;
        try {
            burst = new Burst(ingest.url(), tokens, progress).run(uploads, tests, "bench.burst", "bench-burst",
                    Math.max(300, (long) uploads * tests / 1000));
        } catch (IllegalStateException failed) {
            // the rest of the table is still worth printing; what failed is a figure of its own
            boolean oom = !ingest.isAlive() && Files.readString(ingest.logFile()).contains("OutOfMemoryError");
            table.note("burst, %d JUnit uploads of %,d tests at once: FAILED".formatted(uploads, tests),
                    failed.getMessage().replace("|", "\\|"), ingest.isAlive() ? "ingest-service still up"
                            : "ingest-service exited" + (oom ? ": OutOfMemoryError, heap -Xmx" + BenchSettings.INGEST_HEAP
                                    + " as shipped (its log)" : ""));
            stop(analysis);
            return;
        }
        stop(analysis);
        String what = "burst, %d JUnit uploads of %,d tests at once (%,d outcomes, %.1f MB each, %d projects)".formatted(
                uploads, tests, burst.outcomes(), burst.reportBytes() / 1e6, Workload.PROJECTS);
        table.note(what + ": answered 202", "first after %.1f s, last after %.1f s, %,d retries after a 503 (ingest busy)".formatted(
                burst.firstAcceptedS(), burst.lastAcceptedS(), burst.retries()), "ingest -Xmx" + BenchSettings.INGEST_HEAP + ", as shipped; from the first upload sent");
        table.note(what + ": from the first 202 until analysis counted all (its group's committed offsets)",
                "%.1f s, %,.0f outcomes/s".formatted(burst.countedS(), burst.outcomesPerSecond()), "1 analysis instance");
        table.note(what + ": the first alert (a critical test failing first in upload #" + uploads / 2
                        + "), from that upload sent to its event on testpulse.alerts",
                Double.isNaN(burst.alertMs()) ? "no event within 30 s of the last outcome counted"
                        : "%,.0f ms (the upload answered 202 after %,.0f ms)".formatted(burst.alertMs(), burst.alertUploadMs()),
                "at a steady 1,000 outcomes/s the target is p99 ≤ 300 ms");
    }

    private void addLatency(String what, double[] millis, int requests) {
        table.note(what + " at " + settings.latencyRate() + " outcomes/s",
                "p50 %.0f / p95 %.0f / p99 %.0f ms".formatted(LatencyProbe.percentile(millis, 50),
                        LatencyProbe.percentile(millis, 95), LatencyProbe.percentile(millis, 99)),
                millis.length + " of " + requests + " requests seen; target p99 ≤ 1,000 ms");
    }

    private void memoryFigures() {
        for (String role : List.of("ingest", "analysis")) {
            String heap = role.equals("ingest") ? BenchSettings.INGEST_HEAP : BenchSettings.ANALYSIS_HEAP;
            table.add(role + "-service peak RSS (VmHWM)", memory.peakRssBytes(role) / 1048576.0, "MB", "target", 512);
            table.add(role + "-service peak heap used", memory.peakHeapBytes(role) / 1048576.0, "MB", "-Xmx",
                    Double.parseDouble(heap.replace("m", "")));
            table.add(role + "-service peak heap committed", memory.peakHeapCommittedBytes(role) / 1048576.0, "MB", "-Xmx",
                    Double.parseDouble(heap.replace("m", "")));
        }
    }

    private ServiceProcess startIngest(String topic) {
        Map<String, String> config = baseConfig();
        config.put("mp.messaging.outgoing.outcomes.topic", topic);
        ServiceProcess ingest = ServiceProcess.start("ingest-service", settings.ingestJar(), FreePorts.next(), config,
                settings.logs().resolve("ingest.log"), BenchSettings.INGEST_JVM);
        running.push(ingest);
        memory.watch("ingest", ingest);
        Profiling.record(ingest, "ingest");
        return ingest;
    }

    private ServiceProcess startAnalysis(String name, String topic, String group) {
        ServiceProcess analysis = ServiceProcess.start("analysis-service", settings.analysisJar(), FreePorts.next(),
                analysisConfig(topic, group, name), settings.logs().resolve("analysis-" + name + ".log"), BenchSettings.ANALYSIS_JVM);
        running.push(analysis);
        memory.watch("analysis", analysis);
        Profiling.record(analysis, "analysis-" + name);
        return analysis;
    }

    /** @param name names the instance's PostgreSQL sessions ({@code application_name}), for {@link LockWaits} */
    private Map<String, String> analysisConfig(String topic, String group, String name) {
        kafka.createTopics(PARTITIONS, topic);
        Map<String, String> config = baseConfig();
        config.put("quarkus.datasource.jdbc.url", DevStack.shared().jdbcUrl() + "?ApplicationName=" + APPLICATION_NAME + name);
        config.put("mp.messaging.incoming.outcomes.topic", topic);
        config.put("mp.messaging.incoming.outcomes.group.id", group);
        return config;
    }

    private static Map<String, String> baseConfig() {
        Map<String, String> config = new HashMap<>(DevStack.shared().serviceConfig());
        config.put("testpulse.admin-token", ADMIN_TOKEN);
        return config;
    }

    private static String projectToken(ServiceProcess ingest, String project) {
        String body = Http.expect2xx(Http.post(ingest.url() + "/api/v1/admin/tokens", ADMIN_TOKEN, "application/json",
                Workload.write(Map.of("project", project))));
        try {
            return JSON.readTree(body).path("token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("no token in " + body, e);
        }
    }

    /** A few user rules per project besides the default ones: every suite's rate, new causes, flaky tests. */
    private static void createRules(String analysisUrl, List<String> prefixes) {
        for (String prefix : prefixes) {
            for (int p = 0; p < Workload.PROJECTS; p++) {
                String project = prefix + "-p" + p;
                for (Map<String, Object> rule : List.of(
                        Map.<String, Object>of("project", project, "kind", "rate_below", "suite_glob", "*", "window", "runs:20",
                                "below", 0.9, "recover_above", 0.95, "min_samples", 20, "severity", "warning"),
                        Map.<String, Object>of("project", project, "kind", "new_failure_group", "severity", "info"),
                        Map.<String, Object>of("project", project, "kind", "flaky_detected", "window", "runs:20",
                                "severity", "info"))) {
                    Http.expect2xx(Http.post(analysisUrl + "/api/v1/rules", ADMIN_TOKEN, "application/json", Workload.write(rule)));
                }
            }
        }
    }

    private void stop(ServiceProcess service) {
        memory.forget(service);
        service.stop();
        running.remove(service);
    }

    private void stopAll() {
        memory.close();
        while (!running.isEmpty()) {
            running.pop().stop();
        }
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: the CPU stays unnamed
        }
        return "Machine: %d cores (%s), %d MB RAM visible to the JVM, Java %s".formatted(
                Runtime.getRuntime().availableProcessors(), cpu,
                ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize() / 1048576, System.getProperty("java.version"));
    }

    private static void log(String format, Object... args) {
        System.out.printf("benchmark: " + format + "%n", args);
    }
}
