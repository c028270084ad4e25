package dev.testpulse.reporter.junit;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's quarantine list as {@code GET /api/v1/projects/{project}/quarantine} answers it: the tests that are not
 * {@code enabled}, by their identity (suite, class, name) exactly as outcomes carry them.
 */
final class QuarantineList {

    static final QuarantineList EMPTY = new QuarantineList(Collections.emptyMap());

    /** What the build does with a test. */
    enum State {
        /** Runs and is reported; its failure does not fail the build. */
        MUTED,
        /** Not run; reported as skipped with the reason. */
        SKIPPED
    }

    /** One quarantined test: its state and what the list says about why and until when. */
    static final class Entry {

        final State state;
        final String reason;
        final String until;

        Entry(State state, String reason, String until) {
            this.state = state;
            this.reason = reason;
            this.until = until;
        }

        /** The reason a skipped test is reported with, and a muted one is logged with. */
        String why() {
            return "quarantined: " + (reason == null ? "no reason given" : reason) + (until == null ? "" : " (until " + until + ")");
        }
    }

    private final Map<String, Entry> tests;

    private QuarantineList(Map<String, Entry> tests) {
        this.tests = tests;
    }

    /**
     * The list from the answer's body; IllegalArgumentException saying what is wrong when it is not the contract's shape.
     * States other than muted and skipped (a newer analysis) are left out: the test runs as without testpulse.
     */
    static QuarantineList parse(String body) {
        Object document = JsonReader.parse(body);
        Object tests = document instanceof Map ? ((Map<?, ?>) document).get("tests") : null;
        if (!(tests instanceof List)) {
            throw new IllegalArgumentException("no \"tests\" array in the answer");
        }
        Map<String, Entry> byTest = new HashMap<>();
        for (Object test : (List<?>) tests) {
            if (!(test instanceof Map)) {
                throw new IllegalArgumentException("a \"tests\" element is not an object");
            }
            Map<?, ?> fields = (Map<?, ?>) test;
            String suite = text(fields, "suite");
            String name = text(fields, "name");
            String state = text(fields, "state");
            if (suite == null || name == null || state == null) {
                throw new IllegalArgumentException("a test without suite, name or state");
            }
            if ("muted".equals(state) || "skipped".equals(state)) {
                byTest.put(key(suite, text(fields, "class"), name), new Entry("muted".equals(state) ? State.MUTED : State.SKIPPED,
                        text(fields, "reason"), text(fields, "until")));
            }
        }
        return new QuarantineList(byTest);
    }

    Optional<Entry> of(TestName test) {
        return Optional.ofNullable(tests.get(key(test.suite, test.className, test.name)));
    }

    long count(State state) {
        return tests.values().stream().filter(entry -> entry.state == state).count();
    }

    boolean isEmpty() {
        return tests.isEmpty();
    }

    private static String text(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        return value instanceof String ? (String) value : null;
    }

    // a test without a class (an engine that names none) matches list entries whose class is absent or null
    private static String key(String suite, String className, String name) {
        return suite + '\u0000' + (className == null ? "" : className) + '\u0000' + name;
    }
}
