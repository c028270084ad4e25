package dev.testpulse.reporter.junit;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread of a part that tells ingest the part started, then sends queued outcomes as NDJSON batches,
 * so the test run only ever pays for an {@code offer} into a bounded queue. A batch goes when it is full or its
 * oldest outcome has waited the batch interval; one that meets a 429, a 5xx or no connection is sent again, with the
 * same ids, until the part ends. What is still unsent then is handed back, to be written to the spool file.
 */
final class OutcomeSender {

    static final String THREAD_NAME = "testpulse-sender";
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    // after the wait the thread is interrupted; an interrupted HTTP exchange or sleep ends at once, this is a bound
    private static final Duration STOP_GRACE = Duration.ofMillis(200);
    private static final int STARTED_TRIES = 3;
    private static final Queued FLUSH = new Queued(null, 0);

    private final ReporterConfig config;
    private final Tally tally;
    private final IngestClient client;
    private final String startedNotice;
    private final BlockingQueue<Queued> queue;
    private final Thread thread;
    // what the thread held when it was stopped, handed to stop()
    private final List<String> leftOver = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closing;
    // only the sender thread touches this
    private List<Queued> inFlight = List.of();

    private OutcomeSender(ReporterConfig config, Tally tally, String startedNotice) {
        this.config = config;
        this.tally = tally;
        this.client = new IngestClient(config);
        this.startedNotice = startedNotice;
        this.queue = new ArrayBlockingQueue<>(config.bufferSize() + 1); // + 1: room for FLUSH
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /** Starts the thread; its first request is {@code startedNotice} to {@code /api/v1/runs/started}. */
    static OutcomeSender start(ReporterConfig config, Tally tally, String startedNotice) {
        OutcomeSender sender = new OutcomeSender(config, tally, startedNotice);
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
     * Sends what is queued, waiting at most {@code wait} (zero: not at all), then stops the thread.
     *
     * @return the outcomes not sent, in the order they were queued
     */
    List<String> stop(Duration wait) {
        closing = true;
        queue.offer(FLUSH);
        try {
            // join, not a latch: when stop returns the thread is gone, not merely done with its work
            if (!wait.isZero()) {
                thread.join(wait.toMillis());
            }
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(STOP_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            // whoever ends the run wants it over now: stop sending, and keep the interrupt for them
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
        List<String> unsent;
        synchronized (leftOver) {
            unsent = new ArrayList<>(leftOver);
        }
        List<Queued> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.stream().filter(queued -> queued != FLUSH).forEach(queued -> unsent.add(queued.json));
        return unsent;
    }

    private void run() {
        try {
            announceStarted();
            while (!closing) {
                deliver(nextBatch());
            }
            List<Queued> rest = new ArrayList<>();
            while (queue.drainTo(rest, config.batchSize()) > 0) {
                rest.remove(FLUSH);
                deliver(rest);
                rest = new ArrayList<>();
            }
        } catch (InterruptedException e) {
            if (!inFlight.isEmpty()) {
                tally.fallbackProblem("ingest did not answer within the flush bound");
            }
            inFlight.forEach(queued -> leftOver.add(queued.json));
        }
    }

    /**
     * The part's first word, so analysis holds the run open from the part's start. Tried {@value #STARTED_TRIES} times
     * at most before the outcomes: they are what counts, and the finished notice names the part anyway.
     */
    private void announceStarted() throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; !closing; attempt++) {
            try {
                IngestClient.Answer answer = client.postRunStarted(startedNotice);
                tally.attempted(!answer.worthRetrying());
                if (answer.accepted() || !answer.worthRetrying()) {
                    if (!answer.accepted() && !answer.unknownEndpoint()) {
                        tally.noticeProblem("run-started notice answered " + answer.status);
                    }
                    return;
                }
                tally.deliveryProblem("ingest answered " + answer.status);
            } catch (IOException e) {
                tally.attempted(false);
                tally.deliveryProblem("ingest unreachable: " + describe(e));
            }
            if (attempt == STARTED_TRIES) {
                return;
            }
            Thread.sleep(backoff.toMillis());
            backoff = next(backoff);
        }
    }

    private List<Queued> nextBatch() throws InterruptedException {
        List<Queued> batch = new ArrayList<>(config.batchSize());
        // taken from the queue, not yet sent: an interrupt while the batch fills must hand these back too
        inFlight = batch;
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
        inFlight = batch;
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                long asked = System.nanoTime();
                IngestClient.Answer answer = client.postOutcomes(body.toString());
                if (answer.accepted()) {
                    tally.sent(batch.size());
                    Duration took = Duration.ofNanos(System.nanoTime() - asked);
                    // an answer slower than the end may wait for is no better than none for the end of the part
                    tally.attempted(took.compareTo(config.flushTimeout()) <= 0);
                    if (took.compareTo(config.flushTimeout()) > 0) {
                        tally.deliveryProblem("ingest slow: a batch took " + took.toMillis() + " ms");
                    }
                    break;
                }
                tally.attempted(!answer.worthRetrying());
                if (!answer.worthRetrying()) {
                    tally.rejected(batch.size(), "ingest answered " + answer.status + ": " + answer.body);
                    break;
                }
                tally.deliveryProblem("ingest answered " + answer.status);
            } catch (IOException e) {
                tally.attempted(false);
                tally.deliveryProblem("ingest unreachable: " + describe(e));
            }
            Thread.sleep(backoff.toMillis());
            backoff = next(backoff);
        }
        inFlight = List.of();
    }

    static Duration next(Duration backoff) {
        return backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    /** One line without a stack trace: the exception's own words, or its kind when it has none. */
    static String describe(IOException e) {
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
