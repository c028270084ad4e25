package dev.testpulse.analysis.alerts.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a rule watches (or, for auto_quarantine, acts on). Rate kinds evaluate a window per series; the others react to what a batch brought. */
public enum AlertKind {
    RATE_BELOW, BASELINE_DROP, CRITICAL_FAILED, NEW_FAILURE_GROUP, FLAKY_DETECTED, INFRA_INCIDENT, DURATION_REGRESSION,
    /** Acts, never fires: mutes flaky tests and releases recovered ones (quarantine.AutoQuarantine applies it). */
    AUTO_QUARANTINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertKind> parse(String text) {
        return Arrays.stream(values()).filter(kind -> kind.wire().equals(text)).findFirst();
    }
}
