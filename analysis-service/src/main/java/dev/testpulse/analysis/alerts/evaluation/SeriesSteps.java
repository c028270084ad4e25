package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import dev.testpulse.analysis.alerts.delivery.AlertOutbox;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.AlertState;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.SeriesState;
import dev.testpulse.analysis.alerts.state.Transition;

/**
 * What one rule's evaluation writes of its stepped series: the series' row when it changed (or has news to show), and
 * an outbox event when it fired or resolved, counted.
 */
final class SeriesSteps {

    private final AlertOutbox outbox;
    private final Connection connection;
    private final AlertRule rule;
    private final Instant now;
    private final boolean clock;
    private int events;

    SeriesSteps(AlertOutbox outbox, Connection connection, AlertRule rule, Instant now, boolean clock) {
        this.outbox = outbox;
        this.connection = connection;
        this.rule = rule;
        this.now = now;
        this.clock = clock;
    }

    /** How many alert events were written. */
    int events() {
        return events;
    }

    void save(SeriesStore.Saves saves, String fingerprint, SeriesStore.Stored stored, SeriesSignal signal, Transition transition,
            boolean news) throws SQLException {
        SeriesState current = stored == null ? SeriesState.INITIAL : stored.state();
        SeriesState next = transition.next();
        if (stored == null && next.state() == AlertState.OK && next.breachStreak() == 0) {
            return; // nothing worth a row: a series that never left OK
        }
        if (stored != null && next.equals(current) && transition.event() == Transition.Event.NONE && (clock || !news)) {
            // nothing changed and nothing new to show: no write, so that a batch costs what it brings, not one
            // write per series already firing (and a series' last value is not overwritten by "no data")
            return;
        }
        Instant firedAt = transition.event() == Transition.Event.FIRED ? now : stored == null ? null : stored.firedAt();
        saves.add(rule.id(), rule.project(), fingerprint, signal.labels(), next.since() == null ? withSince(next) : next,
                signal.value(), firedAt);
        if (transition.event() != Transition.Event.NONE) {
            outbox.add(connection, rule, fingerprint, signal, transition.event() == Transition.Event.FIRED,
                    firedAt == null ? now : firedAt, now);
            events++;
        }
    }

    private SeriesState withSince(SeriesState state) {
        return new SeriesState(state.state(), now, state.breachingSince(), state.breachStreak(), state.lastBreach(), state.notified());
    }
}
