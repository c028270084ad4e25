package dev.testpulse.analysis.alerts.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.testpulse.analysis.alerts.state.Transition.Event;

/**
 * Sequences are written one token per evaluation, one evaluation per minute: signals B(reach) H(old) C(lear),
 * events F(ired) R(esolved) and . for none, states O(k) P(ending) F(iring). Silenced steps are 1-based inclusive
 * ranges such as {@code 2-3 6}.
 */
class AlertStateMachineTest {

    private static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                           | signals           | for | for_duration | keep | silenced | events            | states
            fires on the first breach, resolves on the clear | B C               | 0   | PT0S | PT0S |     | F R               | F O
            HOLD never resolves a firing alert               | B H H H C         | 0   | PT0S | PT0S |     | F . . . R         | F F F F O
            HOLD and CLEAR leave a quiet series quiet        | H C H             | 0   | PT0S | PT0S |     | . . .             | O O O
            further breaches while firing say nothing new    | B B B C C         | 0   | PT0S | PT0S |     | F . . R .         | F F F O O
            oscillation inside the band: one FIRED, one RESOLVED | B H B H B H C | 0   | PT0S | PT0S |     | F . . . . . R     | F F F F F F O
            without a band the same rates flap               | B C B C B C       | 0   | PT0S | PT0S |     | F R F R F R       | F O F O F O
            # for as evaluations
            for 1 is the same as no for                      | B C               | 1   | PT0S | PT0S |     | F R               | F O
            fires on the third consecutive breach            | B B B B           | 3   | PT0S | PT0S |     | . . F .           | P P F F
            a CLEAR in between restarts the count            | B B C B B B       | 3   | PT0S | PT0S |     | . . . . . F       | P P O P P F
            HOLD neither advances nor resets the count       | B H B H B         | 3   | PT0S | PT0S |     | . . . . F         | P P P P F
            a pending series clears without an event         | B B C C           | 3   | PT0S | PT0S |     | . . . .           | P P O O
            # for as a duration
            fires once breaching for two minutes             | B B B             | 0   | PT2M | PT0S |     | . . F             | P P F
            HOLD keeps the clock running                     | B H B             | 0   | PT2M | PT0S |     | . . F             | P P F
            only a breach fires, even when already due      | B H H H B         | 0   | PT2M | PT0S |     | . . . . F         | P P P P F
            a CLEAR restarts the clock                       | B C B B B         | 0   | PT2M | PT0S |     | . . . . F         | P O P P F
            both must hold: time is the later one           | B B B B B B       | 3   | PT5M | PT0S |     | . . . . . F       | P P P P P F
            both must hold: evaluations are the later one    | B H H B B         | 3   | PT1M | PT0S |     | . . . . F         | P P P P F
            # keep_firing_for
            alternating B and C keeps firing until last breach + 3m | B C B C B C C C C | 0 | PT0S | PT3M | | F . . . . . . R . | F F F F F F F O O
            keep_firing_for elapsed exactly resolves         | B C               | 0   | PT0S | PT1M |     | F R               | F O
            a pending series is not kept                     | B C               | 2   | PT0S | PT5M |     | . .               | P O
            # silences
            firing during a silence emits nothing            | B B C             | 0   | PT0S | PT0S | 1-3 | . . .             | F F O
            a silence ending while firing emits one FIRED    | B B H B B         | 0   | PT0S | PT0S | 1-2 | . . F . .         | F F F F F
            firing late in a silence is told after it        | B B B             | 2   | PT0S | PT0S | 2   | . . F             | P F F
            fire and resolve within a silence: nothing at all | B C C B          | 0   | PT0S | PT0S | 1-2 | . . . F           | F O O F
            a notified fire resolving in a silence resolves after it | B C C C   | 0   | PT0S | PT0S | 2-3 | F . . R           | F O O O
            ...unless it fires again first: never seen to stop | B C B B         | 0   | PT0S | PT0S | 2-3 | F . . .           | F O F F
            ...a pending series is not firing: RESOLVED, then FIRED | B B C B B  | 2   | PT0S | PT0S | 3   | . F . R F         | P F O P F
            silences come and go                             | B B C B C C B     | 0   | PT0S | PT0S | 2-3 5 | F . . . . R F   | F F O F O O F
            """)
    void followsTheSequence(String name, String signals, int forEvaluations, Duration forDuration,
                            Duration keepFiringFor, String silenced, String events, String states) {
        List<Transition> run = run(signals(signals), new Timing(forEvaluations, forDuration, keepFiringFor),
                silenced(silenced));
        assertThat(eventsOf(run)).as("events").isEqualTo(events);
        assertThat(statesOf(run)).as("states").isEqualTo(states);
    }

    /** Real rates (successes per 100 trials) through a condition: the band is what stops flapping alerts. */
    @ParameterizedTest(name = "[{index}] {0}% with below {1}, recover_above {2}")
    @CsvSource(delimiter = '|', textBlock = """
            89 91 89 91 89 91 96 | 0.90 | 0.95 | F . . . . . R
            89 93 89 93 89 93 89 | 0.90 | 0.95 | F . . . . . .
            89 91 89 91 89 91 96 | 0.90 | 0.90 | F R F R F R .
            """)
    void hysteresisStopsFlapping(String percentages, double below, double recoverAbove, String events) {
        RateCondition condition = new RateCondition(below, recoverAbove, 50, null);
        List<Signal> signals = Arrays.stream(percentages.split(" "))
                .map(rate -> condition.evaluate(Long.parseLong(rate), 100))
                .collect(Collectors.toList());
        assertThat(eventsOf(run(signals, Timing.IMMEDIATE, step -> false))).isEqualTo(events);
    }

    /** Minutes since T0 for each step; - for null. */
    @ParameterizedTest(name = "[{index}] {0} with for {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # signals | for | streak    | breaching since | last breach | since
            B B H C B | 3   | 1 2 2 0 1 | 0 0 0 - 4       | 0 1 1 1 4   | 0 0 0 3 4
            H B B C H | 2   | 0 1 2 0 0 | - 1 1 - -       | - 1 2 2 2   | - 1 2 3 3
            B C H B B | 0   | 1 0 0 1 2 | 0 - - 3 3       | 0 0 0 3 4   | 0 1 1 3 3
            """)
    void keepsStreaksAndTimes(String signals, int forEvaluations, String streaks, String breachingSince,
                              String lastBreach, String since) {
        List<SeriesState> states = run(signals(signals), new Timing(forEvaluations, Duration.ZERO, Duration.ZERO),
                step -> false).stream().map(Transition::next).collect(Collectors.toList());
        assertThat(join(states, state -> String.valueOf(state.breachStreak()))).isEqualTo(streaks);
        assertThat(join(states, state -> minutes(state.breachingSince()))).isEqualTo(breachingSince);
        assertThat(join(states, state -> minutes(state.lastBreach()))).isEqualTo(lastBreach);
        assertThat(join(states, state -> minutes(state.since()))).isEqualTo(since);
    }

    /** 5 seeds x 100 random sequences of 50 steps, with random timings, gaps of 1-3 minutes and silences. */
    @ParameterizedTest(name = "[{index}] seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void eventsAlwaysAlternateStartingWithFired(long seed) {
        Random random = new Random(seed);
        int fired = 0;
        for (int sequence = 0; sequence < 100; sequence++) {
            fired += checkRandomSequence(random);
        }
        assertThat(fired).as("the random sequences must actually fire").isGreaterThan(100);
    }

    /** Checks one random sequence against the invariants; returns how many FIRED it emitted. */
    private static int checkRandomSequence(Random random) {
        Timing timing = new Timing(random.nextInt(5), Duration.ofMinutes(random.nextInt(6)),
                Duration.ofMinutes(random.nextInt(6)));
        boolean[] silenced = randomSilences(random, 50);
        SeriesState state = SeriesState.INITIAL;
        Instant now = T0;
        Event expected = Event.FIRED;
        int fired = 0;
        for (int step = 0; step < 50; step++) {
            now = now.plus(Duration.ofMinutes(1 + random.nextInt(3)));
            Signal signal = Signal.values()[random.nextInt(Signal.values().length)];
            Transition transition = AlertStateMachine.step(state, signal, now, timing, silenced[step]);
            checkStep(state, transition, now, silenced[step]);
            if (transition.event() != Event.NONE) {
                assertThat(transition.event()).as("events alternate FIRED, RESOLVED, ...").isEqualTo(expected);
                expected = expected == Event.FIRED ? Event.RESOLVED : Event.FIRED;
                fired += transition.event() == Event.FIRED ? 1 : 0;
            }
            state = transition.next();
        }
        return fired;
    }

    private static void checkStep(SeriesState before, Transition transition, Instant now, boolean silenced) {
        SeriesState after = transition.next();
        boolean firing = after.state() == AlertState.FIRING;
        if (silenced) {
            assertThat(transition.event()).as("nothing is emitted during a silence").isEqualTo(Event.NONE);
        } else {
            assertThat(after.notified()).as("outside silences subscribers know the state").isEqualTo(firing);
        }
        if (transition.event() != Event.NONE) {
            assertThat(transition.event()).isEqualTo(firing ? Event.FIRED : Event.RESOLVED);
        }
        assertThat(after.since()).as("since moves with the state only")
                .isEqualTo(after.state() == before.state() ? before.since() : now);
        if (after.state() == AlertState.OK) {
            assertThat(after.breachStreak()).isZero();
        }
        if (after.state() == AlertState.PENDING) {
            assertThat(after.breachStreak()).isPositive();
        }
    }

    private static boolean[] randomSilences(Random random, int steps) {
        boolean[] silenced = new boolean[steps];
        int windows = random.nextInt(3);
        for (int window = 0; window < windows; window++) {
            int start = random.nextInt(steps);
            int end = Math.min(steps, start + 1 + random.nextInt(10));
            Arrays.fill(silenced, start, end, true);
        }
        return silenced;
    }

    private static List<Transition> run(List<Signal> signals, Timing timing, IntPredicate silenced) {
        List<Transition> transitions = new ArrayList<>();
        SeriesState state = SeriesState.INITIAL;
        for (int step = 0; step < signals.size(); step++) {
            Instant now = T0.plus(Duration.ofMinutes(step));
            boolean silent = silenced.test(step + 1);
            Transition transition = AlertStateMachine.step(state, signals.get(step), now, timing, silent);
            transitions.add(transition);
            state = transition.next();
        }
        return transitions;
    }

    private static List<Signal> signals(String tokens) {
        return Arrays.stream(tokens.trim().split("\\s+")).map(token -> switch (token) {
            case "B" -> Signal.BREACH;
            case "H" -> Signal.HOLD;
            case "C" -> Signal.CLEAR;
            default -> throw new IllegalArgumentException("unknown signal " + token);
        }).collect(Collectors.toList());
    }

    /** Parses {@code 2-3 6} into a predicate on 1-based steps; null (an empty cell) silences nothing. */
    private static IntPredicate silenced(String ranges) {
        IntPredicate silenced = step -> false;
        if (ranges == null) {
            return silenced;
        }
        for (String range : ranges.trim().split("\\s+")) {
            String[] bounds = range.split("-");
            int from = Integer.parseInt(bounds[0]);
            int to = Integer.parseInt(bounds[bounds.length - 1]);
            silenced = silenced.or(step -> step >= from && step <= to);
        }
        return silenced;
    }

    private static String eventsOf(List<Transition> run) {
        return join(run, transition -> transition.event() == Event.NONE ? "." : transition.event().name().substring(0, 1));
    }

    private static String statesOf(List<Transition> run) {
        return join(run, transition -> transition.next().state().name().substring(0, 1));
    }

    private static <T> String join(List<T> items, Function<T, String> token) {
        return items.stream().map(token).collect(Collectors.joining(" "));
    }

    private static String minutes(Instant instant) {
        return instant == null ? "-" : String.valueOf(Duration.between(T0, instant).toMinutes());
    }

    // --- the clock: steps between evaluations of new data --------------------------------------------------------------

    @Test
    void theClockFiresAPendingSeriesOnceForDurationHasPassed() {
        Timing timing = new Timing(0, Duration.ofMinutes(5), Duration.ZERO);
        Transition pending = AlertStateMachine.step(SeriesState.INITIAL, Signal.BREACH, T0, timing, false);
        assertThat(pending.next().state()).isEqualTo(AlertState.PENDING);
        Transition early = AlertStateMachine.tick(pending.next(), Signal.BREACH, T0.plus(Duration.ofMinutes(4)), timing, false);
        assertThat(early.event()).isEqualTo(Transition.Event.NONE);
        assertThat(early.next()).isEqualTo(pending.next());
        Transition due = AlertStateMachine.tick(pending.next(), Signal.BREACH, T0.plus(Duration.ofMinutes(5)), timing, false);
        assertThat(due.event()).isEqualTo(Transition.Event.FIRED);
        assertThat(due.next().breachStreak()).as("a tick is not an evaluation").isEqualTo(1);
    }

    @Test
    void theClockNeverCountsAsAnEvaluation() {
        Timing timing = new Timing(3, Duration.ZERO, Duration.ZERO);
        SeriesState pending = AlertStateMachine.step(SeriesState.INITIAL, Signal.BREACH, T0, timing, false).next();
        for (int minute = 1; minute <= 10; minute++) {
            pending = AlertStateMachine.tick(pending, Signal.BREACH, T0.plus(Duration.ofMinutes(minute)), timing, false).next();
        }
        assertThat(pending.state()).isEqualTo(AlertState.PENDING);
        assertThat(pending.breachStreak()).isEqualTo(1);
        assertThat(AlertStateMachine.tick(SeriesState.INITIAL, Signal.BREACH, T0, Timing.IMMEDIATE, false).next())
                .as("an OK series stays OK until new data breaches").isEqualTo(SeriesState.INITIAL);
    }

    @Test
    void theClockResolvesOnceKeepFiringForHasPassedSinceTheLastBreach() {
        Timing timing = new Timing(0, Duration.ZERO, Duration.ofMinutes(10));
        SeriesState firing = AlertStateMachine.step(SeriesState.INITIAL, Signal.BREACH, T0, timing, false).next();
        SeriesState cleared = AlertStateMachine.step(firing, Signal.CLEAR, T0.plus(Duration.ofMinutes(1)), timing, false).next();
        assertThat(cleared.state()).isEqualTo(AlertState.FIRING);
        assertThat(AlertStateMachine.tick(cleared, Signal.CLEAR, T0.plus(Duration.ofMinutes(9)), timing, false).event())
                .isEqualTo(Transition.Event.NONE);
        Transition resolved = AlertStateMachine.tick(cleared, Signal.CLEAR, T0.plus(Duration.ofMinutes(10)), timing, false);
        assertThat(resolved.event()).isEqualTo(Transition.Event.RESOLVED);
        assertThat(resolved.next().state()).isEqualTo(AlertState.OK);
    }

    @Test
    void theClockTellsWhatASilenceHeldBackOnceItEnds() {
        SeriesState silentlyFiring = AlertStateMachine.step(SeriesState.INITIAL, Signal.BREACH, T0, Timing.IMMEDIATE, true).next();
        assertThat(silentlyFiring.notified()).isFalse();
        assertThat(AlertStateMachine.tick(silentlyFiring, Signal.HOLD, T0.plusSeconds(60), Timing.IMMEDIATE, true).event())
                .isEqualTo(Transition.Event.NONE);
        assertThat(AlertStateMachine.tick(silentlyFiring, Signal.HOLD, T0.plusSeconds(61), Timing.IMMEDIATE, false).event())
                .isEqualTo(Transition.Event.FIRED);
    }
}
