package dev.testpulse.analysis.inbox;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.AnalysisConfig;

/**
 * The in-process signal from counting to evaluation: a batch that wrote inbox rows rings after its commit, so the
 * evaluation worker starts at once instead of on its next poll. Rings while the worker is busy are remembered as one
 * (the worker's next pass takes every pending row anyway); the poll stays, for rows another instance wrote and for a
 * crash's leftovers.
 */
@ApplicationScoped
public class InboxBell {

    private final boolean enabled;
    private boolean rung;

    public InboxBell(AnalysisConfig config) {
        this.enabled = config.inboxWake();
    }

    /** Inbox rows were committed. */
    public synchronized void ring() {
        if (!enabled) {
            return; // testpulse.analysis.inbox-wake=false: the poll alone finds them
        }
        rung = true;
        notifyAll();
    }

    /** Waits until the bell rang (since the last wait returned) or {@code atMost} passed. */
    public synchronized void await(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        long left;
        while (!rung && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        rung = false;
    }
}
