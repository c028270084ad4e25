package dev.testpulse.ingest.junit;

import java.util.List;
import java.util.Map;

/**
 * Everything read from one {@code <testcase>} element, before suite context and retry numbering are applied.
 *
 * @param flakyTries failed tries before the final pass ({@code flakyFailure}/{@code flakyError})
 * @param main       the final result of the test case
 * @param reruns     further failed tries after the main failure ({@code rerunFailure}/{@code rerunError})
 */
record TestCase(
        String className,
        String name,
        String file,
        Integer line,
        List<Attempt> flakyTries,
        Attempt main,
        List<Attempt> reruns,
        List<String> tags,
        Map<String, String> properties) {

    boolean flaky() {
        return !flakyTries.isEmpty();
    }
}
