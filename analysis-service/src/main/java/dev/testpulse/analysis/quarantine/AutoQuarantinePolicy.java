package dev.testpulse.analysis.quarantine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.testpulse.analysis.alerts.rules.QuarantineParameters;
import dev.testpulse.analysis.rates.WilsonInterval;

/**
 * The automatic quarantine's decision for one test, from its recent executions alone (pure, so the seeded simulation
 * runs exactly this code). Flaky is the flaky insight's rule ({@code insights.FlakyRule}): on one commit the test both
 * passed and failed (a retry that passed counts), or its tool marked it flaky. A test is muted when at least
 * {@code minFlakyCommits} of its last {@code lookbackCommits} commits were flaky; never while its newest
 * {@code brokenCommits} commits failed every try (broken is an alert, not a quarantine). A test the rule muted is
 * released when the Wilson lower bound of its pass rate over its tries since the mute (the newest
 * {@code releaseWindow} of them, at least {@code releaseMinTries}) reaches {@code releaseLowerBound}, or at once when
 * it starts failing every try (broken now: its failures must fail builds and alert again); else at its until. Each
 * automatic mute lasts {@code growth} times the one before (from {@code period}, at most {@code longest}). States set by
 * hand are never touched.
 */
public final class AutoQuarantinePolicy {

    /** The rule's parameters, as validated in the rule ({@link QuarantineParameters}). */
    public record Settings(int lookbackCommits, int minFlakyCommits, int brokenCommits, int releaseMinTries, int releaseWindow,
            double releaseLowerBound, Duration period, double growth, Duration longest) {

        /** Of an auto_quarantine rule's validated parameters. */
        public static Settings of(QuarantineParameters p) {
            return new Settings(p.lookbackCommits(), p.minFlakyCommits(), p.brokenCommits(), p.releaseMinTries(), p.releaseWindow(),
                    p.releaseLowerBound(), p.mute(), p.growth(), p.longest());
        }
    }

    /** One execution (try) of the test: its commit (or run, when the commit is unknown), status, and the tool's mark. */
    public record Try(String commit, boolean passed, boolean marked, Instant at) {
    }

    /** The test's stored state, as the rule sees it; {@code since} of an enabled row is when it was released. */
    public record Current(TestState state, String by, Instant since, int autoMutes) {
        static final Current NONE = new Current(TestState.ENABLED, null, Instant.MIN, 0);
    }

    /** Nothing to do, a mute until {@code until}, or a release; {@code evidence} says why, for the list and the event. */
    public record Decision(TestState state, Instant until, String evidence) {
        static final Decision NONE = new Decision(null, null, null);

        public boolean none() {
            return state == null;
        }
    }

    private final Settings settings;

    public AutoQuarantinePolicy(Settings settings) {
        this.settings = settings;
    }

    /** @param newestFirst the test's recent tries, newest first (skipped executions left out) */
    public Decision decide(List<Try> newestFirst, Current current, Instant now) {
        if (current.state() != TestState.ENABLED) {
            return "auto".equals(current.by()) && current.state() == TestState.MUTED ? release(newestFirst, current) : Decision.NONE;
        }
        // flakes before a release were the reason for the last mute: only what came after it counts again
        List<Try> since = newestFirst.stream().filter(t -> t.at().isAfter(current.since())).toList();
        List<CommitTries> commits = byCommit(since);
        if (broken(commits)) {
            return Decision.NONE;
        }
        List<String> flaky = commits.stream().filter(CommitTries::flaky).map(CommitTries::commit).toList();
        if (flaky.size() < settings.minFlakyCommits()) {
            return Decision.NONE;
        }
        double factor = Math.pow(settings.growth(), current.autoMutes());
        Duration longest = settings.longest();
        Duration period = factor * settings.period().toSeconds() >= longest.toSeconds() ? longest
                : Duration.ofSeconds(Math.round(factor * settings.period().toSeconds()));
        String evidence = "flaky on %d of its last %d commits (passed and failed on one commit, or marked flaky): %s%s".formatted(
                flaky.size(), commits.size(), String.join(", ", flaky.subList(0, Math.min(5, flaky.size()))),
                flaky.size() > 5 ? ", …" : "")
                + (current.autoMutes() > 0 ? "; muted automatically %d time(s) before, so for %d days".formatted(current.autoMutes(),
                        period.toDays()) : "");
        return new Decision(TestState.MUTED, now.plus(period), evidence);
    }

    private Decision release(List<Try> newestFirst, Current current) {
        List<Try> since = newestFirst.stream().filter(t -> t.at().isAfter(current.since())).limit(settings.releaseWindow()).toList();
        List<CommitTries> commits = byCommit(since);
        if (broken(commits)) {
            // a muted test that now fails every try is broken, not flaky: released, so its failures fail builds and alert
            return new Decision(TestState.ENABLED, null, "failed every try on its last %d commits: broken, not flaky"
                    .formatted(settings.brokenCommits()));
        }
        long passed = since.stream().filter(Try::passed).count();
        if (since.size() < settings.releaseMinTries()) {
            return Decision.NONE;
        }
        WilsonInterval interval = WilsonInterval.of(passed, since.size());
        if (interval.lower() < settings.releaseLowerBound()) {
            return Decision.NONE;
        }
        return new Decision(TestState.ENABLED, null, "passed %d of its last %d tries while muted: the 95%% Wilson lower bound %.4f reaches %.4f"
                .formatted(passed, since.size(), interval.lower(), settings.releaseLowerBound()));
    }

    /** The newest {@code brokenCommits} commits failed every try, unmarked: it fails consistently since a commit. */
    private boolean broken(List<CommitTries> commits) {
        return commits.size() >= settings.brokenCommits() && commits.subList(0, settings.brokenCommits()).stream().allMatch(c -> c.failed && !c.passed && !c.marked);
    }

    /** The newest {@code lookbackCommits} commits with their tries, newest first. */
    private List<CommitTries> byCommit(List<Try> newestFirst) {
        Map<String, CommitTries> commits = new LinkedHashMap<>();
        for (Try t : newestFirst) {
            CommitTries commit = commits.get(t.commit());
            if (commit == null) {
                if (commits.size() == settings.lookbackCommits()) {
                    continue;
                }
                commit = new CommitTries(t.commit());
                commits.put(t.commit(), commit);
            }
            commit.passed |= t.passed();
            commit.failed |= !t.passed();
            commit.marked |= t.marked();
        }
        return new ArrayList<>(commits.values());
    }

    private static final class CommitTries {
        private final String commit;
        private boolean passed;
        private boolean failed;
        private boolean marked;

        CommitTries(String commit) {
            this.commit = commit;
        }

        String commit() {
            return commit;
        }

        boolean flaky() {
            return passed && failed || marked;
        }
    }
}
