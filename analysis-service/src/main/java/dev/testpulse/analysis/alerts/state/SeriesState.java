package dev.testpulse.analysis.alerts.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything {@link AlertStateMachine} must remember about one series between evaluations, so that evaluation
 * itself stays a pure function that can be persisted and replayed.
 *
 * @param state          the current state
 * @param since          when {@code state} was entered; null for the initial OK
 * @param breachingSince the first breach of the current unbroken streak, null without one
 * @param breachStreak   consecutive BREACH evaluations (HOLD neither adds nor resets, CLEAR resets)
 * @param lastBreach     the most recent BREACH evaluation, null if there never was one
 * @param notified       subscribers were told FIRED and have not yet been told RESOLVED
 */
public record SeriesState(AlertState state, Instant since, Instant breachingSince, int breachStreak,
                          Instant lastBreach, boolean notified) {

    public static final SeriesState INITIAL = new SeriesState(AlertState.OK, null, null, 0, null, false);

    public SeriesState {
        Objects.requireNonNull(state, "state");
        if (breachStreak < 0) {
            throw new IllegalArgumentException("breach_streak must not be negative, was " + breachStreak);
        }
    }

    /** Records a breach at {@code now}: extends the streak, starting it if there was none. */
    SeriesState breached(Instant now) {
        Instant streakStart = breachStreak == 0 ? now : breachingSince;
        return new SeriesState(state, since, streakStart, breachStreak + 1, now, notified);
    }

    /** Records a clear: the streak is over. */
    SeriesState cleared() {
        return new SeriesState(state, since, null, 0, lastBreach, notified);
    }

    /** Moves to {@code target}; {@code since} only moves when the state actually changes. */
    SeriesState enter(AlertState target, Instant now) {
        if (target == state) {
            return this;
        }
        return new SeriesState(target, now, breachingSince, breachStreak, lastBreach, notified);
    }

    SeriesState withNotified(boolean told) {
        return new SeriesState(state, since, breachingSince, breachStreak, lastBreach, told);
    }
}
