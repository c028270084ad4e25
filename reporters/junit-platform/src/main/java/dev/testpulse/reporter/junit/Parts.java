package dev.testpulse.reporter.junit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Which parts end when: a part belongs to the launcher session that was innermost when it opened, and ends when that
 * session closes (Surefire and Gradle open one session per test JVM and close it after the last test class; a
 * Launcher made with {@code LauncherFactory.create} opens one per {@code execute}). A part opened outside any session
 * (a launcher older than JUnit Platform 1.8) ends when its reporter is closed; any part still open at the JVM's
 * shutdown ends then.
 */
final class Parts {

    private static final Deque<List<Part>> SESSIONS = new ArrayDeque<>();
    // every part this JVM opened: the shutdown hook ends those nothing else ended (a test that called System.exit)
    private static final List<Part> ALL = new ArrayList<>();
    private static boolean hookInstalled;

    private Parts() {
    }

    static synchronized void sessionOpened() {
        SESSIONS.push(new ArrayList<>());
    }

    /** The parts the innermost session opened, to be ended by the caller outside this lock. */
    static synchronized List<Part> sessionClosed() {
        return SESSIONS.isEmpty() ? List.of() : SESSIONS.pop();
    }

    static synchronized void opened(Part part) {
        if (!SESSIONS.isEmpty()) {
            SESSIONS.peek().add(part);
        }
        ALL.add(part);
        if (!hookInstalled) {
            hookInstalled = true;
            // the last resort: java.util.logging may already be shut down, but the spool file is still written
            Runtime.getRuntime().addShutdownHook(new Thread(() -> all().forEach(Part::end), "testpulse-shutdown"));
        }
    }

    private static synchronized List<Part> all() {
        return new ArrayList<>(ALL);
    }
}
