package dev.testpulse.analysis.alerts.rules;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.alerts.state.DurationRegressionCondition;
import dev.testpulse.analysis.alerts.state.Timing;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.windows.Durations;
import dev.testpulse.analysis.windows.Window;

/** Checks a rule request field by field (422 naming the field) and fills the defaults of its kind. */
public final class RuleValidator {

    public static final String DEFAULT_TOPIC = "testpulse.alerts";
    static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    /** An early rule judges a run from this many executed tests on, unless it says otherwise. */
    static final long EARLY_MIN_SAMPLES = 50;
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private RuleValidator() {
    }

    /**
     * @param topicPrefix a rule publishes to {@link #DEFAULT_TOPIC} or a topic under this prefix, never elsewhere (such as
     *        the token topic)
     */
    public static AlertRule validate(RuleRequest in, String id, int maxRuns, Duration maxWindow,
            String topicPrefix) {
        if (in == null) {
            throw invalid("kind", "a rule needs at least a project and a kind");
        }
        require(in.project() != null && PROJECT.matcher(in.project()).matches(), "project", "must be a project key");
        AlertKind kind = AlertKind.parse(in.kind()).orElseThrow(() -> invalid("kind",
                "must be one of rate_below, baseline_drop, critical_failed, new_failure_group, flaky_detected, infra_incident, duration_regression, auto_quarantine"));
        String window = window(in.window(), maxRuns, maxWindow);
        boolean early = Boolean.TRUE.equals(in.early());
        require(!early || kind == AlertKind.RATE_BELOW || kind == AlertKind.INFRA_INCIDENT, "early",
                "only rate_below and infra_incident rules can judge a run while it runs");
        Thresholds thresholds = thresholds(in, kind, early);
        Timing timing = timing(in);
        String severity = in.severity() == null ? "warning" : in.severity();
        require(SEVERITIES.contains(severity), "severity", "must be info, warning or critical");
        String topic = in.topic() == null ? DEFAULT_TOPIC : in.topic();
        require(allowedTopic(topic, topicPrefix), "topic", "must be " + DEFAULT_TOPIC + " or a topic under " + topicPrefix);
        requireGlob(in.suiteGlob(), "suite_glob");
        requireGlob(in.testGlob(), "test_glob");
        AlertRule.Per per = per(in, kind);
        QuarantineParameters quarantine = quarantine(in, kind);
        String name = in.name() == null || in.name().isBlank() ? kind.wire() : in.name();
        return new AlertRule(id, in.project(), name, kind,
                new AlertRule.Scope(blankToNull(in.suiteGlob()), blankToNull(in.testGlob()), blankToNull(in.branch())), window,
                thresholds, timing, severity, topic, early, per, quarantine);
    }

    /** The rule's window as it wrote it ({@link Window#RULE_DEFAULT} when it names none), checked. */
    private static String window(String text, int maxRuns, Duration maxWindow) {
        String window = text == null ? Window.RULE_DEFAULT.label() : text;
        try {
            Window.parse(window, Window.RULE_DEFAULT.runs(), maxRuns, maxWindow);
        } catch (ProblemException e) {
            throw invalid("window", e.getMessage());
        }
        return window;
    }

    /** The kind's thresholds, with its defaults; fields of other kinds are not kept. */
    private static Thresholds thresholds(RuleRequest in, AlertKind kind, boolean early) {
        long minSamples = Objects.requireNonNullElse(in.minSamples(),
                early ? EARLY_MIN_SAMPLES : kind == AlertKind.INFRA_INCIDENT ? 5L : 0L);
        require(!early || minSamples >= 1, "min_samples", "must be 1 or more for an early rule");
        require(minSamples >= 0, "min_samples", "must be 0 or more");
        require(in.confidence() == null || (in.confidence() > 0.5 && in.confidence() < 1), "confidence", "must lie between 0.5 and 1, e.g. 0.95");
        return switch (kind) {
            case RATE_BELOW -> rateBelow(in, minSamples);
            case BASELINE_DROP -> baselineDrop(in, minSamples);
            case INFRA_INCIDENT -> infraIncident(in, minSamples);
            case DURATION_REGRESSION -> durationRegression(minSamples);
            case CRITICAL_FAILED, NEW_FAILURE_GROUP, FLAKY_DETECTED, AUTO_QUARANTINE -> new Thresholds.None(minSamples);
        };
    }

    private static Thresholds rateBelow(RuleRequest in, long minSamples) {
        Double below = in.below();
        require(below != null && below >= 0 && below <= 1, "below", "a rate_below rule needs below, a rate from 0 to 1");
        double recoverAbove = in.recoverAbove() == null ? below : in.recoverAbove();
        require(recoverAbove >= below && recoverAbove <= 1, "recover_above", "must lie between below and 1 (hysteresis)");
        return new Thresholds.RateBelow(below, recoverAbove, minSamples, in.confidence());
    }

    private static Thresholds baselineDrop(RuleRequest in, long minSamples) {
        Double dropPp = in.dropPp();
        require(dropPp != null && dropPp > 0 && dropPp <= 100, "drop_pp", "a baseline_drop rule needs drop_pp, from 0 to 100 percentage points");
        double recoverPp = in.recoverPp() == null ? dropPp : in.recoverPp();
        require(recoverPp >= 0 && recoverPp <= dropPp, "recover_pp", "must lie between 0 and drop_pp (hysteresis)");
        return new Thresholds.BaselineDrop(dropPp, recoverPp, minSamples, in.confidence());
    }

    private static Thresholds infraIncident(RuleRequest in, long minSamples) {
        double failedPct = in.failedPct() == null ? 80.0 : in.failedPct();
        require(failedPct > 0 && failedPct < 100, "failed_pct", "must lie between 0 and 100");
        return new Thresholds.InfraIncident(failedPct, minSamples, in.confidence());
    }

    private static Thresholds durationRegression(long minSamples) {
        // the baseline holds at most this many executions: a minimum above it could never be met, and the rule never judge
        require(minSamples <= DurationRegressionCondition.DEFAULT_BASELINE, "min_samples",
                "must be at most " + DurationRegressionCondition.DEFAULT_BASELINE + " for a duration_regression rule (the baseline executions it needs)");
        return new Thresholds.DurationRegression(minSamples);
    }

    private static Timing timing(RuleRequest in) {
        int forEvaluations = Objects.requireNonNullElse(in.forEvaluations(), 0);
        require(forEvaluations >= 0, "for_evaluations", "must be 0 or more");
        return new Timing(forEvaluations, Duration.ofSeconds(seconds(in.forDuration(), "for_duration")),
                Duration.ofSeconds(seconds(in.keepFiringFor(), "keep_firing_for")));
    }

    /** An auto_quarantine rule's parameters, validated and completed; no other kind takes any. */
    private static QuarantineParameters quarantine(RuleRequest in, AlertKind kind) {
        if (kind != AlertKind.AUTO_QUARANTINE) {
            require(in.quarantine() == null, "quarantine", "is only for an auto_quarantine rule");
            return null;
        }
        // a test's state holds on every branch, so the evidence is all of its branches' too
        require(blankToNull(in.branch()) == null, "branch", "cannot be set for an auto_quarantine rule: a test's state applies on every branch");
        return QuarantineParameters.validated(in.quarantine());
    }

    /** {@code per} of a duration_regression rule: {@code test} (the default) or {@code suite}; no other kind takes it. */
    private static AlertRule.Per per(RuleRequest in, AlertKind kind) {
        if (kind != AlertKind.DURATION_REGRESSION) {
            require(in.per() == null, "per", "is only for a duration_regression rule");
            return null;
        }
        if (in.per() == null || in.per().equals("test")) {
            return AlertRule.Per.TEST;
        }
        require(in.per().equals("suite"), "per", "must be test or suite");
        require(blankToNull(in.testGlob()) == null, "test_glob", "cannot be set with per suite: the rule judges each suite as a whole");
        return AlertRule.Per.SUITE;
    }

    /** Globs are matched in linear time, and bounded in length too. */
    public static void requireGlob(String glob, String field) {
        require(glob == null || glob.length() <= Globs.MAX_LENGTH, field, "must be at most " + Globs.MAX_LENGTH + " characters");
    }

    /** Whether alert events may go to {@code topic}: the alert topic or one under the configured prefix, nothing else. */
    public static boolean allowedTopic(String topic, String prefix) {
        return topic != null && TOPIC.matcher(topic).matches()
                && (topic.equals(DEFAULT_TOPIC) || (topic.startsWith(prefix) && topic.length() > prefix.length()));
    }

    /** A duration like 30s, 5m, 2h, 1d in seconds; null or blank is 0. */
    public static long seconds(String text, String field) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        return Durations.parse(text, "smhd").orElseThrow(() -> invalid(field, "must be a duration such as 30s, 5m, 2h or 1d"))
                .toSeconds();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static void require(boolean ok, String field, String detail) {
        if (!ok) {
            throw invalid(field, detail);
        }
    }

    public static ProblemException invalid(String field, String detail) {
        return new ProblemException(new Problem("urn:testpulse:problem:invalid-request", "Invalid request", 422,
                field + " " + detail, null, field));
    }
}
