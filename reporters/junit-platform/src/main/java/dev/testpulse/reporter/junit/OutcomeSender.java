package dev.testpulse.reporter.junit;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that sends queued outcomes as NDJSON batches, so the test run only ever pays for an
 * {@code offer} into a bounded queue. A batch goes when it is full or its oldest outcome has waited the batch
 * interval; one that meets a 429, a 5xx or no connection is sent again, with the same ids, until the run ends.
 */
final class OutcomeSender {

    static final String THREAD_NAME = "testpulse-sender";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    // asked to stop: after the flush bound the thread is interrupted, this long is left to count what it held
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final Queued FLUSH = new Queued(null, 0);

    private final ReporterConfig config;
    private final Tally tally;
    private final IngestClient client;
    private final BlockingQueue<Queued> queue;
    private final Thread thread;
    private volatile boolean closing;
    // only the sender thread touches these two
    private int inFlight;
    private boolean announcing;

    private OutcomeSender(ReporterConfig config, Tally tally) {
        this.config = config;
        this.tally = tally;
        this.client = new IngestClient(config);
        this.queue = new ArrayBlockingQueue<>(config.bufferSize() + 1); // + 1: room for FLUSH
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    static OutcomeSender start(ReporterConfig config, Tally tally) {
        OutcomeSender sender = new OutcomeSender(config, tally);
        sender.thread.start();
        return sender;
    }

    /** Never blocks: when the buffer is full the outcome is dropped and counted. */
    void offer(String json) {
        if (closing || queue.remainingCapacity() <= 1 || !queue.offer(new Queued(json, System.nanoTime()))) {
            tally.dropped(1);
            tally.fallbackProblem("buffer of " + config.bufferSize() + " outcomes full");
        }
    }

    /**
     * Sends what is queued and tells ingest the run is finished, waiting at most the flush bound; then stops the
     * thread, counting what it still held as dropped.
     */
    void finish() {
        closing = true;
        queue.offer(FLUSH);
        try {
            // join, not a latch: when finish returns the thread is gone, not merely done with its work
            thread.join(config.flushTimeout().toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(STOP_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            // whoever ends the run wants it over now: stop sending, and keep the interrupt for them
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closing) {
                deliver(nextBatch());
            }
            List<Queued> rest = new ArrayList<>();
            while (queue.drainTo(rest, config.batchSize()) > 0) {
                rest.remove(FLUSH);
                deliver(rest);
                rest = new ArrayList<>();
            }
            announceFinished();
        } catch (InterruptedException e) {
            if (announcing) {
                tally.noticeProblem("run-finished notice not answered within the flush bound");
            } else if (inFlight > 0) {
                tally.fallbackProblem("ingest did not answer within the flush bound");
            }
            tally.dropped(inFlight + (int) queue.stream().filter(queued -> queued != FLUSH).count());
        }
    }

    private List<Queued> nextBatch() throws InterruptedException {
        List<Queued> batch = new ArrayList<>(config.batchSize());
        Queued first = queue.take();
        if (first == FLUSH) {
            return batch;
        }
        batch.add(first);
        long deadline = first.enqueuedNanos + config.batchInterval().toNanos();
        while (batch.size() < config.batchSize()) {
            long left = deadline - System.nanoTime();
            Queued next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null || next == FLUSH) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void deliver(List<Queued> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder();
        batch.forEach(queued -> body.append(queued.json).append('\n'));
        inFlight = batch.size();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                IngestClient.Answer answer = client.postOutcomes(body.toString());
                if (answer.accepted()) {
                    tally.sent(batch.size());
                    break;
                }
                if (!answer.worthRetrying()) {
                    tally.rejected(batch.size(), "ingest answered " + answer.status + ": " + answer.body);
                    break;
                }
                tally.deliveryProblem("ingest answered " + answer.status);
            } catch (IOException e) {
                tally.deliveryProblem("ingest unreachable: " + describe(e));
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        inFlight = 0;
    }

    /** A 404 or 405 means ingest does not know the notice yet: that is expected, not a problem. */
    private void announceFinished() throws InterruptedException {
        RunContext run = config.run();
        String json = "{\"project\":" + Json.string(config.project()) + ",\"pipeline\":" + Json.string(run.pipeline())
                + ",\"run\":" + run.json(false) + ",\"outcomes\":" + tally.sent() + "}";
        announcing = true;
        try {
            IngestClient.Answer answer = client.postRunFinished(json);
            if (!answer.accepted() && answer.status != 404 && answer.status != 405) {
                tally.noticeProblem("run-finished notice answered " + answer.status);
            }
        } catch (IOException e) {
            tally.noticeProblem("run-finished notice failed: " + describe(e));
        }
    }

    /** One line without a stack trace: the exception's own words, or its kind when it has none. */
    private static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getCause() != null ? e.getCause().getMessage() : null;
        if (message == null) {
            return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
        }
        return message;
    }

    private static final class Queued {

        final String json;
        final long enqueuedNanos;

        Queued(String json, long enqueuedNanos) {
            this.json = json;
            this.enqueuedNanos = enqueuedNanos;
        }
    }
}
