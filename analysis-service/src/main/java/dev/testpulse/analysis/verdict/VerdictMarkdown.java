package dev.testpulse.analysis.verdict;

import static dev.testpulse.analysis.insights.ReportMarkdown.code;
import static dev.testpulse.analysis.insights.ReportMarkdown.pct;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's verdict as a PR/MR comment: new failures first, each with its message and a link to the test's history; the
 * others collapsed in a {@code <details>}; the run's rate against the default branch's, with intervals. Never longer
 * than the limit it is given: failures that do not fit are counted instead of listed.
 */
public final class VerdictMarkdown {

    /** Room kept for the closing lines after the last failure listed. */
    static final int CLOSING_ROOM = 400;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private VerdictMarkdown() {
    }

    /** @param root analysis-service's address, which the relative history links are resolved against */
    public static String render(Verdict verdict, String root, int maxChars) {
        StringBuilder md = new StringBuilder();
        header(md, verdict);
        List<Verdict.Failure> fresh = verdict.failures().stream().filter(f -> f.verdict() == VerdictClass.NEW).toList();
        List<Verdict.Failure> others = verdict.failures().stream().filter(f -> f.verdict() != VerdictClass.NEW).toList();
        int budget = maxChars - CLOSING_ROOM;
        int omitted = 0;
        if (!fresh.isEmpty()) {
            md.append("\n#### New failures (").append(fresh.size()).append(")\n\n");
            omitted += list(md, fresh, root, budget);
        }
        if (!others.isEmpty()) {
            String summary = "\n<details><summary>Other failures (" + others.size() + "): " + breakdown(verdict, false) + "</summary>\n\n";
            StringBuilder rest = new StringBuilder();
            int left = list(rest, others, root, budget - md.length() - summary.length());
            if (left < others.size()) { // a details block only around at least one failure
                md.append(summary).append(rest).append("\n</details>\n");
            }
            omitted += left;
        }
        if (omitted > 0) {
            md.append("\n… and ").append(omitted).append(omitted == 1 ? " more failure" : " more failures")
                    .append(" not shown here: the JSON verdict lists all of them.\n");
        }
        return md.toString();
    }

    private static void header(StringBuilder md, Verdict verdict) {
        Verdict.Gate gate = verdict.gate();
        md.append("### ").append(gate.passed() ? "✅" : "❌").append(" testpulse: ")
                .append(gate.passed() ? "the gate passes" : gate.failing() + (gate.failing() == 1 ? " failure fails" : " failures fail") + " the gate")
                .append(" (fails on ").append(String.join(", ", gate.failOn())).append(")\n\n");
        md.append("Run ").append(code(verdict.runId())).append(" of ").append(code(verdict.pipeline())).append(", attempt ")
                .append(verdict.attempt()).append(verdict.job() == null ? "" : ", job " + code(verdict.job())).append(", ")
                .append(verdict.state()).append(verdict.state().equals("running") ? " (the verdict so far)" : "").append(": ")
                .append(verdict.failures().isEmpty() ? "no failures" : verdict.failures().size() + " failing: " + breakdown(verdict, true))
                .append(".\n\n");
        md.append("Pass rate: this run ").append(rate(verdict.rate().run())).append(" · ").append(code(verdict.defaultBranch()))
                .append(" recently ").append(verdict.rate().defaultBranch() == null ? "no runs" : rate(verdict.rate().defaultBranch()))
                .append("\n");
    }

    private static String breakdown(Verdict verdict, boolean withNew) {
        Verdict.ClassCounts c = verdict.counts();
        List<String> parts = new ArrayList<>();
        if (withNew && c.newFailures() > 0) {
            parts.add(c.newFailures() + " new");
        }
        part(parts, c.failingOnDefaultBranch(), "failing on " + verdict.defaultBranch());
        part(parts, c.knownFlaky(), "known flaky");
        part(parts, c.quarantined(), "quarantined");
        part(parts, c.infra(), "infra");
        return String.join(", ", parts);
    }

    private static void part(List<String> parts, long count, String label) {
        if (count > 0) {
            parts.add(count + " " + label);
        }
    }

    private static String rate(Verdict.RunRate rate) {
        if (rate.rate() == null) {
            return "– (nothing executed)";
        }
        return pct(rate.rate() * 100) + " (" + rate.passed() + "/" + rate.total() + "; 95% " + pct(rate.low() * 100) + "–"
                + pct(rate.high() * 100) + ")";
    }

    /** Lists failures while they fit in {@code budget}; returns how many did not. */
    private static int list(StringBuilder md, List<Verdict.Failure> failures, String root, int budget) {
        for (int i = 0; i < failures.size(); i++) {
            String item = item(failures.get(i), root);
            if (md.length() + item.length() > budget) {
                return failures.size() - i;
            }
            md.append(item);
        }
        return 0;
    }

    private static String item(Verdict.Failure failure, String root) {
        StringBuilder item = new StringBuilder("- ");
        if (failure.verdict() != VerdictClass.NEW) {
            item.append("**").append(failure.verdict().wire().replace('_', ' ')).append("** ");
        }
        item.append(code(failure.suite())).append(" › ")
                .append(code(failure.className() == null ? failure.name() : failure.className() + "." + failure.name()))
                .append(" ([history](").append(root).append(failure.history()).append("))");
        String evidence = evidence(failure.evidence());
        if (!evidence.isEmpty()) {
            item.append(": ").append(evidence);
        }
        item.append('\n');
        if (failure.message() != null && !failure.message().isBlank()) {
            item.append("  ").append(code(failure.message())).append('\n');
        }
        return item.toString();
    }

    private static String evidence(Evidence evidence) {
        if (evidence instanceof Evidence.DefaultBranch b) {
            return "on " + code(b.branch()) + " " + pct(b.rate() * 100) + " (" + b.passed() + "/" + b.executed() + "; 95% "
                    + pct(b.low() * 100) + "–" + pct(b.high() * 100) + ")" + (b.since() == null ? "" : ", failing there since " + DAY.format(b.since()));
        }
        if (evidence instanceof Evidence.Flaky f) {
            return f.commitsSeen() == 0 ? "marked flaky by its tool in this run"
                    : String.format(Locale.ROOT, "flaky on %d of %d commits", f.flakyCommits(), f.commitsSeen())
                            + (f.lastFlake() == null ? "" : ", last " + DAY.format(f.lastFlake()));
        }
        if (evidence instanceof Evidence.Quarantine q) {
            return "ran muted" + (q.reason() == null ? "" : ": " + code(q.reason())) + (q.until() == null ? "" : ", until " + DAY.format(q.until()));
        }
        if (evidence instanceof Evidence.Infra i) {
            return String.format(Locale.ROOT, "%.1f%% of %d tests of the run failed (incident above %.1f%%)", i.failedPct(), i.executed(),
                    i.thresholdPct());
        }
        return "";
    }
}
