package dev.testpulse.reporter.junit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Ends the parts of the run a launcher session opened when it closes: the end of a test JVM's work under Surefire
 * and Gradle, after its last test class rather than after each of them. Registered through {@code META-INF/services}
 * next to {@link TestpulseReporter}; it does nothing while no reporter is configured.
 */
public final class TestpulseSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Parts.sessionOpened();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Parts.sessionClosed().forEach(Part::end);
        // a session nested in another (a test driving a Launcher of its own) costs the outer one a second fetch, no more
        Quarantine.sessionClosed();
    }
}
