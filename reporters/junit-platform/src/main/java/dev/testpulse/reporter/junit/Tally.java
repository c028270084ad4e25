package dev.testpulse.reporter.junit;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The counters of one part of the run, written by the listener, the sender thread and the part's end. */
final class Tally {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<String> rejection = new AtomicReference<>();
    private volatile String deliveryProblem;
    private volatile String noticeProblem;
    private final AtomicLong spooled = new AtomicLong();
    private volatile Path spoolFile;

    private volatile boolean failingNow;

    /** The outcome of the latest request to ingest: answered in time, or not (no answer, 429, 5xx, too slow). */
    void attempted(boolean answered) {
        failingNow = !answered;
    }

    /** The latest request to ingest went unanswered, or was answered with "later" or too slowly. */
    boolean failingNow() {
        return failingNow;
    }

    void sent(int count) {
        sent.addAndGet(count);
    }

    void dropped(int count) {
        dropped.addAndGet(count);
    }

    /** Only the first refusal is kept: the same mistake usually repeats in every batch. */
    void rejected(int count, String problem) {
        rejected.addAndGet(count);
        rejection.compareAndSet(null, problem);
    }

    /** The latest reason a batch is waiting, which is what the user needs if it never gets through. */
    void deliveryProblem(String problem) {
        deliveryProblem = problem;
    }

    /** A reason for drops that holds only when no delivery attempt told of a better one. */
    void fallbackProblem(String problem) {
        if (deliveryProblem == null) {
            deliveryProblem = problem;
        }
    }

    void noticeProblem(String problem) {
        noticeProblem = problem;
    }

    long sent() {
        return sent.get();
    }

    String noticeProblem() {
        return noticeProblem;
    }

    /** The outcomes of the part that were written to {@code file} instead of sent. */
    void spooled(int count, Path file) {
        spooled.addAndGet(count);
        spoolFile = file;
    }

    String deliveryProblem() {
        return deliveryProblem;
    }

    RunSummary summary() {
        long droppedNow = dropped.get();
        String problem = rejection.get() != null ? rejection.get() : droppedNow > 0 || spooled.get() > 0 ? deliveryProblem : null;
        return new RunSummary(sent.get(), droppedNow, rejected.get(), problem, spooled.get(), spoolFile);
    }
}
