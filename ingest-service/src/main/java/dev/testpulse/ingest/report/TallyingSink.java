package dev.testpulse.ingest.report;

import dev.testpulse.ingest.outcome.Status;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Forwards tests to the caller's sink while counting them and collecting warnings,
 * so both parsers produce their {@link ParseSummary} the same way.
 */
public final class TallyingSink implements Consumer<ReportedTest> {

    /** Enough to diagnose a report; a report with thousands of bad suites must not grow memory. */
    static final int MAX_WARNINGS = 100;

    private final Consumer<ReportedTest> target;
    private final Map<Status, Integer> counts = new EnumMap<>(Status.class);
    private final List<String> warnings = new ArrayList<>();
    private int flaky;
    private int suppressedWarnings;

    public TallyingSink(Consumer<ReportedTest> target) {
        this.target = target;
    }

    @Override
    public void accept(ReportedTest test) {
        counts.merge(test.status(), 1, Integer::sum);
        if (test.flaky()) {
            flaky++;
        }
        target.accept(test);
    }

    public void warn(String warning) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(warning);
        } else {
            suppressedWarnings++;
        }
    }

    public ParseSummary summary() {
        List<String> all = new ArrayList<>(warnings);
        if (suppressedWarnings > 0) {
            all.add(suppressedWarnings + " more warnings suppressed");
        }
        return new ParseSummary(count(Status.PASSED), count(Status.FAILED), count(Status.ERROR),
                count(Status.SKIPPED), flaky, all);
    }

    private int count(Status status) {
        return counts.getOrDefault(status, 0);
    }
}
