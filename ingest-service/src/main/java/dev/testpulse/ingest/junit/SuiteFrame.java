package dev.testpulse.ingest.junit;

import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.ingest.xml.XmlCursor;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Context of the {@code <testsuite>} being read: its path from the outermost suite, the attributes its
 * test cases inherit (file, hostname, timestamp), and its declared versus counted test cases.
 */
final class SuiteFrame {

    static final String PATH_SEPARATOR = " / ";

    private final String path;
    private final String file;
    private final String hostname;
    private final Instant timestamp;
    private final int line;
    private final SuiteCounts declared;
    private final SuiteCounts counted = SuiteCounts.zero();

    private SuiteFrame(String path, String file, String hostname, Instant timestamp, int line, SuiteCounts declared) {
        this.path = path;
        this.file = file;
        this.hostname = hostname;
        this.timestamp = timestamp;
        this.line = line;
        this.declared = declared;
    }

    /** The document level: no name, nothing to inherit, nothing declared to check. */
    static SuiteFrame root() {
        return new SuiteFrame("", null, null, null, -1, null);
    }

    /** A frame for the {@code <testsuite>} start tag under the cursor, nested in this one. */
    SuiteFrame child(XmlCursor cursor, Consumer<String> warn) {
        String name = cursor.attribute("name");
        String childPath = name == null || name.isBlank() ? path
                : path.isEmpty() ? name : path + PATH_SEPARATOR + name;
        String rawTimestamp = cursor.attribute("timestamp");
        Instant childTimestamp = AttributeValues.instant(rawTimestamp);
        if (childTimestamp == null && rawTimestamp != null && !rawTimestamp.isBlank()) {
            warn.accept("testsuite '" + childPath + "': unreadable timestamp '" + rawTimestamp + "' ignored");
        }
        SuiteCounts childDeclared = SuiteCounts.declared(cursor.attribute("tests"), cursor.attribute("failures"),
                cursor.attribute("errors"), cursor.attribute("skipped"), cursor.attribute("disabled"));
        return new SuiteFrame(childPath,
                orInherited(cursor.attribute("file"), file),
                orInherited(cursor.attribute("hostname"), hostname),
                childTimestamp == null ? timestamp : childTimestamp,
                cursor.line(),
                childDeclared);
    }

    /** The suite path of a test in this frame, falling back to its class name, then "default". */
    String suiteOf(String className) {
        if (!path.isEmpty()) {
            return path;
        }
        return className == null || className.isBlank() ? "default" : className;
    }

    String file() {
        return file;
    }

    /**
     * Part of a test's identity when spotting reruns: Playwright repeats the same suite name once per
     * browser project and tells them apart only by {@code hostname}.
     */
    String hostname() {
        return hostname;
    }

    Instant timestamp() {
        return timestamp;
    }

    void count(Status finalStatus) {
        counted.add(finalStatus);
    }

    /** Ends this suite: warns when its declared counts are off, then rolls its counts into the parent. */
    void close(SuiteFrame parent, Consumer<String> warn) {
        String disagreement = declared == null ? null : declared.disagreementWith(counted);
        if (disagreement != null) {
            String label = path.isEmpty() ? "(unnamed)" : path;
            warn.accept("testsuite '" + label + "' (line " + line + ") " + disagreement);
        }
        parent.counted.addAll(counted);
    }

    private static String orInherited(String own, String inherited) {
        return own == null || own.isBlank() ? inherited : own;
    }
}
