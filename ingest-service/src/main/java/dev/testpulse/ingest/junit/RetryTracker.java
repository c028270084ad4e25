package dev.testpulse.ingest.junit;

import java.util.HashMap;
import java.util.Map;

/**
 * Numbers executions of the same test across a report, because pytest-rerunfailures, gotestsum,
 * Gradle's test-retry and others repeat the whole {@code <testcase>} for each try.
 * Memory grows with the number of distinct tests, not with the document size, and is capped.
 */
final class RetryTracker {

    /** Beyond this many distinct tests, repetitions are no longer detected; parsing goes on. */
    static final int MAX_TRACKED = 1_000_000;

    private final Map<String, Integer> executions = new HashMap<>();
    private boolean overflowed;

    /**
     * Reserves {@code count} consecutive retry numbers for a test and returns the first.
     *
     * @return the retry number of the first of these executions, 0 when the test was not seen before
     */
    int reserve(String suite, String hostname, String className, String name, int count) {
        // \u0000 cannot occur in XML text, so joined keys of different tests cannot collide.
        String key = suite + '\u0000' + hostname + '\u0000' + className + '\u0000' + name;
        Integer seen = executions.get(key);
        if (seen == null && executions.size() >= MAX_TRACKED) {
            overflowed = true;
            return 0;
        }
        int first = seen == null ? 0 : seen;
        executions.put(key, first + count);
        return first;
    }

    /** True when some tests were numbered without repetition detection because of the cap. */
    boolean overflowed() {
        return overflowed;
    }
}
