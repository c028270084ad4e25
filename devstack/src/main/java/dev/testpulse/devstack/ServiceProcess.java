package dev.testpulse.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged testpulse service ({@code target/quarkus-app/quarkus-run.jar}) running as its own operating-system
 * process, so it can be killed abruptly (SIGKILL) and restarted the way a real crash happens.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> config;
    private final Path logFile;
    private final ShippedJvm jvm;
    private Process process;

    private ServiceProcess(String name, Path jar, int port, Map<String, String> config, Path logFile, ShippedJvm jvm) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.config = new java.util.LinkedHashMap<>(config);
        this.logFile = logFile;
        this.jvm = jvm;
    }

    /**
     * Starts the service and waits until {@code /q/health/ready} answers 200.
     *
     * @param config Quarkus properties passed as {@code -D} system properties (they override application.properties)
     */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> config, Path logFile) {
        return start(name, jar, port, config, logFile, "512m");
    }

    /** As {@link #start(String, Path, int, Map, Path)}, with the heap limit given ({@code -Xmx}), e.g. "256m". */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> config, Path logFile,
            String maxHeap) {
        return start(name, jar, port, config, logFile, new ShippedJvm(maxHeap, List.of()));
    }

    /** As {@link #start(String, Path, int, Map, Path)}, with the JVM its image runs ({@link ShippedJvm}). */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> config, Path logFile,
            ShippedJvm jvm) {
        ServiceProcess service = launch(name, jar, port, config, logFile, jvm);
        service.awaitReady();
        return service;
    }

    /**
     * Starts the service without waiting for it to be ready, for tests of a service that starts while what it
     * depends on is away: it should stay up and not ready ({@link #readiness()}) until that comes back.
     */
    public static ServiceProcess launch(String name, Path jar, int port, Map<String, String> config, Path logFile) {
        return launch(name, jar, port, config, logFile, "512m");
    }

    /** As {@link #launch(String, Path, int, Map, Path)}, with the heap limit given ({@code -Xmx}). */
    public static ServiceProcess launch(String name, Path jar, int port, Map<String, String> config, Path logFile,
            String maxHeap) {
        return launch(name, jar, port, config, logFile, new ShippedJvm(maxHeap, List.of()));
    }

    /** As {@link #launch(String, Path, int, Map, Path)}, with the JVM its image runs ({@link ShippedJvm}). */
    public static ServiceProcess launch(String name, Path jar, int port, Map<String, String> config, Path logFile,
            ShippedJvm jvm) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not packaged: " + jar + " is missing (run ./mvnw package first)");
        }
        ServiceProcess service = new ServiceProcess(name, jar, port, config, logFile, jvm);
        service.spawn();
        return service;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The operating-system process id, e.g. to read its memory from {@code /proc/<pid>/status}. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful close, exactly what a crash or an OOM kill does. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** SIGTERM and wait: a graceful stop. */
    public void stop() {
        if (process != null) {
            process.destroy();
            waitForExit();
        }
    }

    /** Starts the service again after {@link #kill()} or {@link #stop()}, with the same port and configuration. */
    public void restart() {
        restart(Map.of());
    }

    /** As {@link #restart()}, with some configuration changed (e.g. a fault injected before, taken away after). */
    public void restart(Map<String, String> overrides) {
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        config.putAll(overrides);
        spawn();
        awaitReady();
    }

    /** As {@link #restart()}, without waiting for readiness (see {@link #launch}). */
    public void relaunch() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        spawn();
    }

    /**
     * The HTTP status of {@code /q/health/ready} now: 200 ready, 503 up but not ready, or -1 when nothing answers
     * (not listening yet, or the process is gone).
     */
    public int readiness() {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void spawn() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + jvm.maxHeap());
        command.addAll(jvm.options());
        // An OutOfMemoryError must end the process, so a test sees it instead of a half-alive service.
        command.add("-XX:+ExitOnOutOfMemoryError");
        // for profiling a run as a whole, e.g. -Dtestpulse.service.jvm-options=-XX:NativeMemoryTracking=summary
        for (String option : System.getProperty("testpulse.service.jvm-options", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            // as the images ship it (Dockerfile.jvm): glibc's per-thread malloc arenas were ~30 MB of analysis' RSS
            builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; kills the process and throws if it does not in time. */
    public void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; log: " + logFile);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            pause();
        }
        kill();
        throw new IllegalStateException(name + " was not ready within " + READY_TIMEOUT.toSeconds() + " s; log: " + logFile);
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
