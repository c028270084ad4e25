package dev.testpulse.faults.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several CI jobs posting one project's outcomes at once: {@code clients} threads take NDJSON batches of
 * {@code batchSize} outcomes in turn until {@code outcomes} are accepted, each batch retried by the
 * {@link Uploader} until 202.
 */
public final class Clients implements AutoCloseable {

    private final ExecutorService threads;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicInteger nextBatch = new AtomicInteger();
    private final AtomicInteger acceptedOutcomes = new AtomicInteger();
    private final long startedNanos = System.nanoTime();

    private Clients(int clients) {
        threads = Executors.newFixedThreadPool(clients);
    }

    public static Clients post(Uploader uploader, String project, int outcomes, int batchSize, int clients) {
        Clients posting = new Clients(clients);
        int batches = (outcomes + batchSize - 1) / batchSize;
        for (int c = 0; c < clients; c++) {
            posting.running.add(posting.threads.submit(() -> {
                for (int batch = posting.nextBatch.getAndIncrement(); batch < batches; batch = posting.nextBatch.getAndIncrement()) {
                    int from = batch * batchSize;
                    int to = Math.min(outcomes, from + batchSize);
                    uploader.postNdjson(Outcomes.ndjson(project, from, to));
                    posting.acceptedOutcomes.addAndGet(to - from);
                }
                return null;
            }));
        }
        return posting;
    }

    /** Outcomes ingest has answered 202 for so far. */
    public int acceptedOutcomes() {
        return acceptedOutcomes.get();
    }

    /** Waits for every client to finish, rethrowing what failed one; returns the seconds posting took. */
    public double awaitDone(long minutes) throws Exception {
        for (Future<?> client : running) {
            client.get(minutes, TimeUnit.MINUTES);
        }
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
