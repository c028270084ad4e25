package dev.testpulse.analysis.windows;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;

/** What a rate is measured over: the last N runs ({@code runs:20}) or a sliding time window ({@code 1h}, {@code 24h}, {@code 7d}). */
public sealed interface Window permits Window.LastRuns, Window.Sliding {

    Pattern RUNS = Pattern.compile("runs:(\\d{1,6})");

    /**
     * The window of an alert rule that names none (and of the default rules): stored as its label with the rule, so a
     * rule keeps it whatever {@code testpulse.analysis.default-runs} later says.
     */
    LastRuns RULE_DEFAULT = new LastRuns(20);

    /** The label the API shows, the same text a client would send. */
    String label();

    /**
     * @param text {@code runs:N}, or a number with {@code m}, {@code h} or {@code d}; null means the default
     * @throws ProblemException 400 naming the parameter when the text is none of those or out of range
     */
    static Window parse(String text, int defaultRuns, int maxRuns, Duration maxSliding) {
        if (text == null || text.isBlank()) {
            return new LastRuns(defaultRuns);
        }
        Matcher runs = RUNS.matcher(text.trim());
        if (runs.matches()) {
            int n = Integer.parseInt(runs.group(1));
            if (n < 1 || n > maxRuns) {
                throw bad("runs:N needs 1 <= N <= " + maxRuns + ", was '" + text + "'");
            }
            return new LastRuns(n);
        }
        Duration length = Durations.parse(text, "mhd").orElse(null);
        if (length != null) {
            if (length.isZero() || length.compareTo(maxSliding) > 0) {
                throw bad("a time window must be longer than 0 and at most " + maxSliding.toDays() + "d, was '" + text + "'");
            }
            return new Sliding(length, text.trim());
        }
        throw bad("must be runs:N (e.g. runs:20) or a time window such as 1h, 24h or 7d, was '" + text + "'");
    }

    private static ProblemException bad(String detail) {
        return new ProblemException(Problem.badParameter("window", "window " + detail));
    }

    /** The last {@code runs} runs of the scope asked about; a run is project + pipeline + run id + attempt. */
    record LastRuns(int runs) implements Window {
        @Override
        public String label() {
            return "runs:" + runs;
        }
    }

    /** Outcomes whose event time lies within {@code length} before now. */
    record Sliding(Duration length, String label) implements Window {
    }
}
