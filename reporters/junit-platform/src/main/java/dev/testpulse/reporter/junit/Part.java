package dev.testpulse.reporter.junit;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One part of a run: what one launcher session (a Surefire fork, a Gradle worker, one JVM of a multi-module build)
 * reports. It tells ingest it started, streams its outcomes, and at its end sends what is left and says it finished
 * with its outcome count, within {@code testpulse.flush.seconds}; analysis keeps the run running while any part is
 * open. What could not be sent goes to the spool file the summary line names.
 *
 * <p>A part whose latest request to ingest failed (no answer, 429, 5xx, an answer slower than the flush bound) does
 * not wait at its end at all; ingest found away is also remembered in the build directory, with its URL, so that a
 * later part that got nothing through to that ingest only probes it for {@link #MARKED_PROBE}. A build with ingest away
 * is not slower by a flush bound per JVM, and a mark an older build left does not cost a run its outcomes.
 */
final class Part {

    static final String UNREACHABLE_MARK = "ingest-unreachable";
    // the notice gets at least this long of its own when the outcomes used up the flush bound, or had trouble
    private static final Duration NOTICE_MIN = Duration.ofMillis(300);
    // with every outcome through without trouble ingest answers: a slow acknowledgement is worth a longer wait than
    // leaving the run open until someone uploads the notice
    private static final Duration HEALTHY_NOTICE_MIN = Duration.ofSeconds(1);
    // how long a part that sent nothing yet tries when an earlier JVM left the mark: ingest away costs each later JVM
    // this much, ingest back (or a stale mark) costs nothing
    static final Duration MARKED_PROBE = Duration.ofSeconds(2);

    private final ReporterConfig config;
    private final String id;
    private final Tally tally = new Tally();
    private final RetryLedger ledger;
    private final OutcomeSender sender;
    private final Spool spool;
    private final AtomicLong produced = new AtomicLong();
    private RunSummary ended;

    private Part(ReporterConfig config, String id) {
        this.config = config;
        this.id = id;
        this.ledger = RetryLedger.open(config.stateDir(), config.project(), config.run());
        this.spool = new Spool(config, id);
        this.sender = OutcomeSender.start(config, tally, notice(null));
    }

    /**
     * A part with a fresh id: the process id (so the JVMs of one build tell theirs apart at a glance) and 48 random
     * bits (pids repeat across machines of a matrix).
     */
    static Part open(ReporterConfig config) {
        return new Part(config, ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(24));
    }

    String id() {
        return id;
    }

    synchronized boolean hasEnded() {
        return ended != null;
    }

    RunSummary summary() {
        synchronized (this) {
            if (ended != null) {
                return ended;
            }
        }
        return tally.summary();
    }

    /** Numbers the execution against the run's ledger and queues it; never blocks the test. */
    void offer(TestName name, List<String> tags, Status status, long durationMs, Failure failure, boolean muted) {
        try {
            RetryLedger.Try attempt = ledger.record(name, status);
            Outcome outcome = new Outcome(config.project(), config.run(), name, tags, status, durationMs, attempt.retry, attempt.flaky,
                    Instant.now(), failure, muted);
            produced.incrementAndGet();
            sender.offer(outcome.json());
        } catch (RuntimeException e) {
            // the launcher would print a listener's exception with its stack trace; a lost outcome is counted instead
            tally.dropped(1);
            tally.deliveryProblem("reporter error: " + e);
        }
    }

    /** Counts an outcome the reporter could not even describe. */
    void lost(RuntimeException e) {
        tally.dropped(1);
        tally.deliveryProblem("reporter error: " + e);
    }

    /**
     * Ends the part once: sends what is left and the finished notice within the flush bound (not at all when ingest
     * is known to be away), writes the rest to the spool, and logs the one summary line of the part.
     */
    synchronized RunSummary end() {
        if (ended != null) {
            return ended;
        }
        long start = System.nanoTime();
        Path mark = config.stateDir().resolve(UNREACHABLE_MARK);
        // ingest failing this part's latest request: waiting would only make the build slower. Ingest found away at
        // this URL by an earlier JVM, when this one got nothing through yet (a short test class ends before its first
        // batch is due), is only probed briefly: the mark may be an older build's, and ingest may be back.
        boolean failing = tally.failingNow();
        boolean marked = !failing && tally.sent() == 0 && markNamesThisIngest(mark);
        List<String> unsent = sender.stop(failing ? Duration.ZERO : marked ? MARKED_PROBE : config.flushTimeout());
        boolean knownAway = failing || tally.failingNow() || marked && !unsent.isEmpty();
        if (knownAway && tally.deliveryProblem() == null) {
            // too short to have tried itself: the summary line still says why nothing was waited for
            tally.deliveryProblem("ingest found away by an earlier JVM of this build");
        }
        ledger.close();
        String finished = notice(produced.get());
        boolean noticeDelivered = false;
        if (!knownAway) {
            Duration left = (marked ? MARKED_PROBE : config.flushTimeout()).minusNanos(System.nanoTime() - start);
            Duration floor = unsent.isEmpty() && !tally.failingNow() ? HEALTHY_NOTICE_MIN : NOTICE_MIN;
            noticeDelivered = sendFinished(finished, left.compareTo(floor) < 0 ? floor : left);
        }
        boolean away = !unsent.isEmpty() || !noticeDelivered;
        boolean spooledNotice = false;
        try {
            if (!unsent.isEmpty()) {
                tally.spooled(unsent.size(), spool.writeOutcomes(unsent));
            }
        } catch (IOException | RuntimeException e) {
            tally.dropped(unsent.size());
            tally.deliveryProblem("unsent outcomes not written to " + config.stateDir() + ": " + e);
        }
        try {
            if (!noticeDelivered) {
                spool.writeNotice(finished);
                spooledNotice = true;
            }
        } catch (IOException | RuntimeException e) {
            tally.noticeProblem("run-finished notice not written to " + config.stateDir() + ": " + e);
        }
        remember(mark, away);
        ended = tally.summary();
        SummaryLine.log(config, id, ended, tally.noticeProblem(), spool, spooledNotice);
        TestpulseReporter.ended(ended);
        return ended;
    }

    /** The run-finished notice, retried like a batch until {@code within} is used up. */
    private boolean sendFinished(String json, Duration within) {
        IngestClient client = new IngestClient(config);
        long deadline = System.nanoTime() + within.toNanos();
        Duration backoff = OutcomeSender.FIRST_BACKOFF;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (tally.noticeProblem() == null) {
                    tally.noticeProblem("run-finished notice not answered within the flush bound");
                }
                return false;
            }
            try {
                IngestClient.Answer answer = client.postRunFinished(json, Duration.ofNanos(left));
                if (answer.accepted() || answer.unknownEndpoint()) {
                    return true;
                }
                if (!answer.worthRetrying()) {
                    // refused: sending it again later would be refused too
                    tally.noticeProblem("run-finished notice answered " + answer.status);
                    return true;
                }
                tally.noticeProblem("run-finished notice answered " + answer.status);
            } catch (IOException e) {
                // the bound cutting the last try short says less than what the tries before it met
                if (!(e instanceof HttpTimeoutException) || tally.noticeProblem() == null) {
                    tally.noticeProblem("run-finished notice failed: " + OutcomeSender.describe(e));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(Math.min(backoff.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            backoff = OutcomeSender.next(backoff);
        }
    }

    /** Whether an earlier part left the mark for the ingest this part sends to (a build may name another). */
    private boolean markNamesThisIngest(Path mark) {
        try {
            return Files.exists(mark) && Files.readAllLines(mark, StandardCharsets.UTF_8).contains(config.url().toString());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Sets or clears the build's mark that ingest is away, for the parts that end after this one. */
    private void remember(Path mark, boolean away) {
        try {
            if (away) {
                Files.createDirectories(mark.getParent());
                Files.write(mark, (Instant.now() + " part " + id + "\n" + config.url() + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                Files.deleteIfExists(mark);
            }
        } catch (IOException | RuntimeException e) {
            // only a later part's wait depends on it
        }
    }

    private String notice(Long outcomes) {
        RunContext run = config.run();
        return "{\"project\":" + Json.string(config.project()) + ",\"pipeline\":" + Json.string(run.pipeline()) + ",\"run\":"
                + run.json(false) + ",\"part\":" + Json.string(id) + (outcomes == null ? "" : ",\"outcomes\":" + outcomes) + "}";
    }
}
