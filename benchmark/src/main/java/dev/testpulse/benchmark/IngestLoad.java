package dev.testpulse.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Several concurrent clients uploading prepared bodies to ingest-service as fast as it answers; the figure is the
 * outcomes answered 202 per second of wall time. Bodies are built before the clock starts. The benchmark warms every
 * format with this same load before it measures any: a service is measured at its steady state, not while the JIT
 * compiles its request path (measured right after start, the first format was at half its steady rate).
 */
final class IngestLoad {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String url;
    private final String token;
    private final int clients;
    private final long ingestPid;

    IngestLoad(String url, String token, int clients, long ingestPid) {
        this.url = url;
        this.token = token;
        this.clients = clients;
        this.ingestPid = ingestPid;
    }

    /**
     * The measured part: outcomes/s answered 202, and CPU per outcome of ingest-service, of the HTTP clients (their
     * threads and the HTTP client's own) and of the rest of this JVM, which hosts the broker.
     */
    record Result(double outcomesPerSecond, double ingestMicros, double clientMicros, double brokerMicros) {
    }

    /** One request: where it goes (with the run in the query for reports) and its body. */
    record Upload(String path, byte[] body) {
    }

    /**
     * One upload format: {@code uploads} gives the i-th request of a round (its runs named after the round, so every
     * upload has its own outcome ids).
     */
    record Format(String name, String contentType, BiFunction<String, Integer, Upload> uploads) {
    }

    /** Sends {@code requests} uploads of a round of their own, unmeasured. */
    void warm(Format format, int requests, String round) {
        send(format.contentType(), requests, i -> format.uploads().apply(round, i));
    }

    /** The measured round: bodies built before the clock starts. */
    Result measure(Format format, int requests, int outcomesPerRequest) {
        String contentType = format.contentType();
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            uploads.add(format.uploads().apply("", i));
        }
        double ingestBefore = ResourceCost.processCpuSeconds(ingestPid);
        double ownBefore = ResourceCost.processCpuSeconds(ProcessHandle.current().pid());
        double httpBefore = httpClientCpuSeconds();
        long started = System.nanoTime();
        double clientThreads = send(contentType, requests, uploads::get);
        double seconds = (System.nanoTime() - started) / 1e9;
        double outcomes = (double) requests * outcomesPerRequest;
        double clientCpu = clientThreads + httpClientCpuSeconds() - httpBefore;
        double ownCpu = ResourceCost.processCpuSeconds(ProcessHandle.current().pid()) - ownBefore;
        return new Result(outcomes / seconds, (ResourceCost.processCpuSeconds(ingestPid) - ingestBefore) / outcomes * 1e6,
                clientCpu / outcomes * 1e6, Math.max(0, ownCpu - clientCpu) / outcomes * 1e6);
    }

    /** CPU seconds of the JDK HTTP client's own threads (its selector), which do part of every request's work. */
    private static double httpClientCpuSeconds() {
        long nanos = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("HttpClient-")) {
                nanos += Math.max(0, THREADS.getThreadCpuTime(thread.getId()));
            }
        }
        return nanos / 1e9;
    }

    /** Sends {@code requests} uploads from the clients, each answered 202. @return CPU seconds of the client threads */
    private double send(String contentType, int requests, IntFunction<Upload> upload) {
        AtomicInteger next = new AtomicInteger();
        DoubleAdder cpu = new DoubleAdder();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    long startedCpu = THREADS.getCurrentThreadCpuTime();
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        Upload one = upload.apply(i);
                        post(one.path(), contentType, one.body());
                    }
                    cpu.add((THREADS.getCurrentThreadCpuTime() - startedCpu) / 1e9);
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("ingest load failed", e);
        } finally {
            pool.shutdownNow();
        }
        return cpu.sum();
    }

    /** One upload that must be answered 202, e.g. the big JUnit report. @return seconds it took */
    double once(String path, String contentType, byte[] body) {
        long started = System.nanoTime();
        post(path, contentType, body);
        return (System.nanoTime() - started) / 1e9;
    }

    private void post(String path, String contentType, byte[] body) {
        HttpResponse<String> response = Http.post(url + path, token, contentType, body);
        if (response.statusCode() != 202) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
