package dev.testpulse.reporter.junit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The quarantine as this test JVM applies it: the project's list, fetched once per launcher session (Surefire and
 * Gradle open one per test JVM) within {@code testpulse.quarantine.millis}, and what was done with it, shared by the
 * three ways the JUnit Platform lets it act: {@link QuarantineFilter} (skipped tests known at discovery, any engine),
 * {@link QuarantineExtension} (Jupiter: muted failures swallowed, skipped invocations) and {@link TestpulseReporter}
 * (reports both). Static because the Launcher and Jupiter each make their own instances through the ServiceLoader.
 *
 * <p>A list that cannot be had leaves the quarantine empty and says so in one line: every test runs as without
 * testpulse, so testpulse never turns a build red nor hides a quarantine.
 */
final class Quarantine {

    static final String UNAVAILABLE = "testpulse: quarantine list unavailable (%s): every test runs normally";
    private static final Logger LOG = Logger.getLogger(TestpulseReporter.LOGGER);

    private static String fetchedFor;
    private static QuarantineList list = QuarantineList.EMPTY;
    private static volatile TestPlan plan;
    private static final List<Skip> SKIPPED_AT_DISCOVERY = new ArrayList<>();
    // a launcher may discover a class more than once in a session (a plan, then its execution): one skip each
    private static final Set<String> SKIPS_SEEN = new HashSet<>();
    // by unique id: tests the extension ran muted, and the failures it kept from the launcher
    private static final Set<String> RAN_MUTED = ConcurrentHashMap.newKeySet();
    private static final Map<String, Throwable> SWALLOWED = new ConcurrentHashMap<>();
    private static boolean warnedUnmuted;

    private Quarantine() {
    }

    /** A test the filter took out of the plan, to be reported as skipped. */
    static final class Skip {

        final TestName test;
        final List<String> tags;
        final String why;

        Skip(TestName test, List<String> tags, String why) {
            this.test = test;
            this.tags = tags;
            this.why = why;
        }
    }

    /** The list for this configuration: fetched at the first call of a launcher session, the same list after that. */
    static synchronized QuarantineList list(ReporterConfig config) {
        String key = config.url() + " " + config.project();
        if (!key.equals(fetchedFor)) {
            fetchedFor = key;
            list = fetch(config);
        }
        return list;
    }

    /** The list of the current session; empty when none was fetched (no configuration). */
    static synchronized QuarantineList list() {
        return list;
    }

    private static QuarantineList fetch(ReporterConfig config) {
        String problem;
        try {
            IngestClient.Answer answer = new IngestClient(config).getQuarantine(config.project(), config.quarantineTimeout());
            if (answer.status == 200) {
                QuarantineList fetched = QuarantineList.parse(answer.body);
                if (!fetched.isEmpty()) {
                    LOG.info("testpulse: quarantine of " + config.project() + " applied: " + fetched.count(QuarantineList.State.MUTED)
                            + " muted, " + fetched.count(QuarantineList.State.SKIPPED) + " skipped");
                }
                return fetched;
            }
            problem = IngestClient.quarantineUri(config.url(), config.project()) + " answered " + answer.status
                    + (answer.status == 404 ? ": an ingest without the quarantine endpoint" : "");
        } catch (IOException e) {
            problem = "ingest unreachable within " + config.quarantineTimeout().toMillis() + " ms: " + e;
        } catch (IllegalArgumentException e) {
            problem = "an answer not in the quarantine list's shape: " + e.getMessage();
        } catch (RuntimeException e) {
            // whatever went wrong here must not reach the Launcher: a filter that throws fails the discovery
            problem = "reporter error: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        LOG.warning(String.format(UNAVAILABLE, problem));
        return QuarantineList.EMPTY;
    }

    /** The plan being executed: how the extension, which sees unique ids only, names a test as the outcomes do. */
    static void planStarted(TestPlan started) {
        plan = started;
    }

    /** The quarantine entry of the test with this unique id, when it is a test of the plan and quarantined. */
    static Optional<QuarantineList.Entry> entryOf(String uniqueId) {
        TestPlan current = plan;
        QuarantineList quarantined = list();
        if (current == null || quarantined.isEmpty()) {
            return Optional.empty();
        }
        try {
            TestIdentifier test = current.getTestIdentifier(uniqueId);
            return test.isTest() ? quarantined.of(TestName.of(test, current)) : Optional.empty();
        } catch (RuntimeException notInThePlan) {
            return Optional.empty();
        }
    }

    static synchronized void skippedAtDiscovery(Skip skip) {
        if (SKIPS_SEEN.add(skip.test.suite + '\u0000' + skip.test.className + '\u0000' + skip.test.name)) {
            SKIPPED_AT_DISCOVERY.add(skip);
        }
    }

    /** The tests the filter took out since the last call, for the reporter to report as skipped. */
    static synchronized List<Skip> takeSkippedAtDiscovery() {
        List<Skip> taken = new ArrayList<>(SKIPPED_AT_DISCOVERY);
        SKIPPED_AT_DISCOVERY.clear();
        return taken;
    }

    static void ranMuted(String uniqueId) {
        RAN_MUTED.add(uniqueId);
    }

    static void swallowed(String uniqueId, Throwable failure) {
        SWALLOWED.putIfAbsent(uniqueId, failure);
    }

    /** Whether the extension ran this test muted; forgets it. */
    static boolean isRunningMuted(String uniqueId) {
        return RAN_MUTED.contains(uniqueId);
    }

    static boolean takeRanMuted(String uniqueId) {
        return RAN_MUTED.remove(uniqueId);
    }

    /** The failure the extension kept from the launcher for this test, if any; forgets it. */
    static Optional<Throwable> takeSwallowed(String uniqueId) {
        return Optional.ofNullable(SWALLOWED.remove(uniqueId));
    }

    /**
     * A muted test ran without the extension (Jupiter's extension autodetection is off, or another engine): its
     * failure fails the build as without testpulse. Said once per session, with the line that changes it.
     */
    static synchronized void ranUnmuted(TestName test) {
        if (!warnedUnmuted) {
            warnedUnmuted = true;
            LOG.log(Level.WARNING, "testpulse: " + test.className + "#" + test.name + " is muted but ran as usual (its failure fails the build):"
                    + " muting needs junit.jupiter.extensions.autodetection.enabled=true, see docs/ci.md");
        }
    }

    /** A launcher session closed: the next one fetches the list again. */
    static synchronized void sessionClosed() {
        fetchedFor = null;
        list = QuarantineList.EMPTY;
        plan = null;
        SKIPPED_AT_DISCOVERY.clear();
        SKIPS_SEEN.clear();
        RAN_MUTED.clear();
        SWALLOWED.clear();
        warnedUnmuted = false;
    }
}
