package dev.testpulse.analysis.alerts.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.testpulse.analysis.alerts.state.Transition.Event;

/**
 * Advances one alert series by one evaluation: Prometheus-like pending/firing with {@code for} and
 * {@code keep_firing_for}, hysteresis through {@link Signal#HOLD}, and silences. Pure: no clock, no I/O.
 *
 * <p>Per signal:
 * <ul>
 *   <li><b>BREACH</b> extends the streak ({@code breachingSince} is set on its first breach) and sets
 *   {@code lastBreach}. OK and PENDING go to FIRING once {@code for} is satisfied, i.e. the streak is at least
 *   {@code max(1, forEvaluations)} and {@code now - breachingSince >= forDuration}; otherwise to (or stay in)
 *   PENDING. FIRING stays FIRING.</li>
 *   <li><b>HOLD</b> changes nothing: the state is kept, a PENDING streak neither advances nor resets, and a
 *   PENDING series does not fire on HOLD even if {@code forDuration} has meanwhile passed.</li>
 *   <li><b>CLEAR</b> ends the streak. PENDING goes to OK (it never fired). FIRING goes to OK only once
 *   {@code now - lastBreach >= keepFiringFor}, otherwise it stays FIRING.</li>
 * </ul>
 * {@code since} changes only when the state does.
 *
 * <p>Events describe what subscribers must be told, not the state change itself: {@code notified} is what they
 * currently believe (FIRED sent, RESOLVED not yet). When not silenced, a FIRING series they have not been told
 * about emits FIRED, and a non-FIRING series they still believe firing emits RESOLVED. While silenced nothing is
 * emitted and {@code notified} is left as is, so:
 * <ul>
 *   <li>a series that starts firing during a silence emits FIRED on the first step after it, if still firing;</li>
 *   <li>a series that fires and resolves within a silence emits nothing at all;</li>
 *   <li>a series that was notified and resolves during a silence emits RESOLVED on the first step after it
 *   (unless it is firing again by then, in which case nothing: subscribers never saw it stop).</li>
 * </ul>
 * Hence FIRED and RESOLVED always alternate, starting with FIRED, and each is emitted exactly once.
 */
public final class AlertStateMachine {

    private AlertStateMachine() {
    }

    public static Transition step(SeriesState current, Signal signal, Instant now, Timing timing, boolean silenced) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(timing, "timing");
        SeriesState next = switch (Objects.requireNonNull(signal, "signal")) {
            case BREACH -> onBreach(current.breached(now), now, timing);
            case HOLD -> current;
            case CLEAR -> onClear(current.cleared(), now, timing);
        };
        return notifying(next, silenced);
    }

    /**
     * Advances a series by the clock alone, between evaluations of new data: what the condition says now (from stored
     * data) may end a series (CLEAR, as in {@link #step}) or let a PENDING one fire once {@code for} is met by time,
     * but never counts as an evaluation: a BREACH neither extends the streak nor starts one (an OK series stays OK
     * until new data breaches), so {@code for_evaluations} keeps meaning evaluations of new data.
     */
    public static Transition tick(SeriesState current, Signal signal, Instant now, Timing timing, boolean silenced) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(timing, "timing");
        SeriesState next = switch (Objects.requireNonNull(signal, "signal")) {
            case BREACH -> current.state() == AlertState.PENDING && current.breachStreak() > 0 && forSatisfied(current, now, timing)
                    ? current.enter(AlertState.FIRING, now) : current;
            case HOLD -> current;
            case CLEAR -> onClear(current.cleared(), now, timing);
        };
        return notifying(next, silenced);
    }

    private static SeriesState onBreach(SeriesState breached, Instant now, Timing timing) {
        if (breached.state() == AlertState.FIRING) {
            return breached;
        }
        return breached.enter(forSatisfied(breached, now, timing) ? AlertState.FIRING : AlertState.PENDING, now);
    }

    private static boolean forSatisfied(SeriesState breached, Instant now, Timing timing) {
        boolean enoughEvaluations = breached.breachStreak() >= Math.max(1, timing.forEvaluations());
        boolean longEnough = !elapsed(breached.breachingSince(), now).minus(timing.forDuration()).isNegative();
        return enoughEvaluations && longEnough;
    }

    private static SeriesState onClear(SeriesState cleared, Instant now, Timing timing) {
        switch (cleared.state()) {
            case PENDING:
                return cleared.enter(AlertState.OK, now);
            case FIRING:
                boolean kept = elapsed(cleared.lastBreach(), now).compareTo(timing.keepFiringFor()) < 0;
                return kept ? cleared : cleared.enter(AlertState.OK, now);
            default:
                return cleared;
        }
    }

    /** Brings subscribers in line with the state, unless a silence asks us to keep quiet for now. */
    private static Transition notifying(SeriesState next, boolean silenced) {
        boolean firing = next.state() == AlertState.FIRING;
        if (silenced || firing == next.notified()) {
            return new Transition(next, Event.NONE);
        }
        return new Transition(next.withNotified(firing), firing ? Event.FIRED : Event.RESOLVED);
    }

    private static Duration elapsed(Instant from, Instant now) {
        return Duration.between(from, now);
    }
}
