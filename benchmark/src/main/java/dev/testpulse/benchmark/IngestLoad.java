package dev.testpulse.benchmark;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Several concurrent clients uploading prepared bodies to ingest-service as fast as it answers; the figure is the
 * outcomes answered 202 per second of wall time. Bodies are built before the clock starts.
 */
final class IngestLoad {

    private final String url;
    private final String token;
    private final int clients;

    IngestLoad(String url, String token, int clients) {
        this.url = url;
        this.token = token;
        this.clients = clients;
    }

    /** One request: where it goes (with the run in the query for reports) and its body. */
    record Upload(String path, byte[] body) {
    }

    /** @param upload the i-th request; each names its own run, so every upload has its own outcome ids */
    double outcomesPerSecond(String contentType, int requests, int outcomesPerRequest, IntFunction<Upload> upload) {
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            uploads.add(upload.apply(i));
        }
        post(uploads.get(0).path(), contentType, uploads.get(0).body()); // warm the connection and the code path
        AtomicInteger next = new AtomicInteger(1);
        AtomicLong accepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        post(uploads.get(i).path(), contentType, uploads.get(i).body());
                        accepted.addAndGet(outcomesPerRequest);
                    }
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
        double seconds = (System.nanoTime() - started) / 1e9;
        return accepted.get() / seconds;
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
