package dev.testpulse.ingest.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event time of each test of one report file. A report's times are its producer's claim, and producers get them
 * wrong: a container with a wrong clock, a reproducible build's SOURCE_DATE_EPOCH (1970 or the commit date), a report
 * regenerated from an archive. Refusing the report for that would throw a correct set of results away, so a claimed
 * time outside what analysis keeps ({@link EventTimeWindow}) gives way to the upload's own time, decided per time found
 * (a suite's or a test's): times inside the window stay, so a backfill still lands where it belongs.
 * Each distinct replaced time becomes one warning, the first {@value #MAX_LISTED} of them by name, the rest summed
 * in one more: a huge report with a bad clock yields a bounded number of warnings.
 */
final class ReportTimes {

    static final int MAX_LISTED = 10;

    private final EventTimeWindow window;
    private final Instant fallback;
    private final String fallbackSource;
    private final Map<Instant, Integer> replaced = new LinkedHashMap<>();
    private int unlisted;

    /**
     * @param startedAt the run's start the upload gave ({@code ?started_at=}, already inside the window), or null
     * @param receivedAt when ingest received the upload
     */
    ReportTimes(EventTimeWindow window, Instant startedAt, Instant receivedAt) {
        this.window = window;
        this.fallback = startedAt != null ? startedAt : receivedAt;
        this.fallbackSource = startedAt != null ? "the upload's started_at" : "the time ingest received the upload";
    }

    /** The time to publish for a test whose report claims {@code claimed} (null: the report gave none). */
    Instant observedAt(Instant claimed) {
        if (claimed == null) {
            return fallback;
        }
        if (window.contains(claimed)) {
            return claimed;
        }
        if (replaced.containsKey(claimed) || replaced.size() < MAX_LISTED) {
            replaced.merge(claimed, 1, Integer::sum);
        } else {
            unlisted++;
        }
        return fallback;
    }

    /** One line per distinct replaced time, and one for those past the listed ones; empty when none was replaced. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        replaced.forEach((time, tests) -> warnings.add("time %s is %s: its %d outcome(s) take %s, %s"
                .formatted(time, window.missedBy(time), tests, fallback, fallbackSource)));
        if (unlisted > 0) {
            warnings.add("%d more outcome(s) had other times outside %s .. %s: they take %s, %s"
                    .formatted(unlisted, window.earliest(), window.latest(), fallback, fallbackSource));
        }
        return warnings;
    }
}
