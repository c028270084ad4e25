package dev.testpulse.analysis.alerts.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * One series of a rule as one evaluation sees it: its labels (which make its fingerprint), what the condition says,
 * and the numbers behind it for the event.
 */
public record SeriesSignal(Map<String, String> labels, Signal signal, Double value, Long passed, Long executed,
        Double lower, Double upper, Double threshold, String summary) {

    public SeriesSignal {
        labels = new TreeMap<>(labels);
    }

    /** The series identity for a rule: stable across evaluations, restarts and instances. */
    public String fingerprint(String ruleId) {
        return Fingerprints.of(ruleId, labels);
    }
}
