package dev.testpulse.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own perf tools (kafka-tools, the broker's version) on the benchmark's broker: the ceiling each service is
 * compared with. Each runs as a child JVM on this JVM's class path, so its {@code Exit} cannot end the benchmark and
 * its CPU is its own, as a service's is.
 */
final class KafkaCeiling {

    private final String bootstrap;
    private final Path logs;

    KafkaCeiling(String bootstrap, Path logs) {
        this.bootstrap = bootstrap;
        this.logs = logs;
    }

    /** ProducerPerformance: records/s with acks=all and the producer settings of a well-tuned client. */
    double produce(String topic, int records, int recordSize) {
        List<String> out = run("org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", String.valueOf(records), "--record-size", String.valueOf(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all",
                "enable.idempotence=true", "linger.ms=5", "batch.size=65536");
        // the last summary line: "500000 records sent, 123456.7 records/sec (47.10 MB/sec), ..."
        String summary = out.stream().filter(line -> line.contains("records/sec")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("ProducerPerformance printed no summary: " + out));
        String perSecond = summary.substring(summary.indexOf("records sent,") + "records sent,".length(),
                summary.indexOf("records/sec")).strip();
        return Double.parseDouble(perSecond);
    }

    /**
     * ConsumerPerformance: records/s of a fresh group reading {@code records} from the topic's start. The fetch rate
     * (time spent fetching, without joining the group) is taken, as the services' rates start at their first progress.
     */
    double consume(String topic, int records) {
        List<String> out = run("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                "--topic", topic, "--num-records", String.valueOf(records), "--group", "bench-raw-" + System.nanoTime(),
                "--timeout", "30000");
        int header = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).startsWith("start.time")) {
                header = i;
            }
        }
        if (header < 0 || header + 1 >= out.size()) {
            throw new IllegalStateException("ConsumerPerformance printed no result: " + out);
        }
        List<String> names = Arrays.stream(out.get(header).split(",")).map(String::strip).toList();
        // the values are the next line that starts with the start time (a warning may sit in between)
        String line = out.subList(header + 1, out.size()).stream().filter(l -> !l.isEmpty() && Character.isDigit(l.charAt(0)))
                .findFirst().orElseThrow(() -> new IllegalStateException("ConsumerPerformance printed no values: " + out));
        List<String> values = Arrays.stream(line.split(",")).map(String::strip).toList();
        return Double.parseDouble(values.get(names.indexOf("fetch.nMsg.sec")));
    }

    private List<String> run(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Path log = logs.resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".log");
        try {
            java.nio.file.Files.createDirectories(logs);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(mainClass + " failed; see " + log);
            }
            return java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
