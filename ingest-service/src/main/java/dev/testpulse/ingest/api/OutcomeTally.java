package dev.testpulse.ingest.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.testpulse.ingest.outcome.Outcome;
import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.shared.stream.StreamPosition;

/** Counts what an upload holds, per status and run, for the 202 answer. */
final class OutcomeTally {

    static final int MAX_WARNINGS = 100;

    private final Map<String, Integer> statuses = new LinkedHashMap<>();
    private final Set<String> runs = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private int count;

    OutcomeTally() {
        for (Status status : Status.values()) {
            statuses.put(status.wire(), 0);
        }
    }

    void add(Outcome outcome) {
        count++;
        statuses.merge(outcome.status().wire(), 1, Integer::sum);
        runs.add(outcome.pipeline() + "#" + outcome.run().id() + "." + outcome.run().attempt());
    }

    void warn(String warning) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(warning);
        }
    }

    int count() {
        return count;
    }

    AcceptedOutcomes accepted(StreamPosition position) {
        List<String> all = new ArrayList<>(warnings);
        if (count == 0) {
            all.add("the upload held no outcomes");
        }
        return new AcceptedOutcomes(count, Collections.unmodifiableMap(new LinkedHashMap<>(statuses)), List.copyOf(runs), all,
                position.encode());
    }
}
