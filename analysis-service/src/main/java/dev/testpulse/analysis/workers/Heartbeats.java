package dev.testpulse.analysis.workers;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * When each background worker (outbox relays, the alert clock, retention) last finished a pass, and how long it may
 * stay quiet before readiness says it is stuck. A worker registers on start and beats after each good pass.
 */
@ApplicationScoped
public class Heartbeats {

    private final Map<String, Beat> beats = new ConcurrentHashMap<>();

    /** Registers (or re-registers) a worker; it counts as alive from now on. */
    public void register(String worker, Duration quietAtMost) {
        beats.put(worker, new Beat(Instant.now(), quietAtMost, 0, null));
    }

    /** Registers a worker that is not alive (nor ready) until its first beat. */
    public void registerPending(String worker, Duration quietAtMost) {
        beats.put(worker, new Beat(Instant.EPOCH, quietAtMost, 0, null));
    }

    public void beat(String worker) {
        beats.computeIfPresent(worker, (name, beat) -> new Beat(Instant.now(), beat.quietAtMost(), beat.restarts(), beat.problem()));
    }

    /**
     * What goes wrong in a worker that is alive (its passes run) but cannot do part of its work, shown by readiness
     * without making the instance unready; null when nothing does.
     */
    public void problem(String worker, String problem) {
        beats.computeIfPresent(worker, (name, beat) -> new Beat(beat.last(), beat.quietAtMost(), beat.restarts(), problem));
    }

    /** A worker was found stuck and started again. */
    public void restarted(String worker) {
        beats.computeIfPresent(worker, (name, beat) -> new Beat(Instant.now(), beat.quietAtMost(), beat.restarts() + 1, beat.problem()));
    }

    Map<String, Beat> all() {
        return Map.copyOf(beats);
    }

    /** The last good pass, how long a quiet spell may last, how often the worker was restarted, what fails (or null). */
    record Beat(Instant last, Duration quietAtMost, int restarts, String problem) {
        boolean alive(Instant now) {
            return !last.plus(quietAtMost).isBefore(now);
        }
    }
}
