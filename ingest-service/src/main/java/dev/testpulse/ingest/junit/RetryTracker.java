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

    private final Map<TestKey, Integer> executions = new HashMap<>();
    private boolean overflowed;

    /**
     * Reserves {@code count} consecutive retry numbers for a test and returns the first.
     *
     * @return the retry number of the first of these executions, 0 when the test was not seen before
     */
    int reserve(String suite, String hostname, String className, String name, int count) {
        // A record key, not the four strings joined: joining copied every name and hashed the copy anew for each test
        // case, a fifth of the parse time of a large report (the benchmark's profile). suite and hostname are the same
        // objects for all test cases of a suite, their hashes computed once.
        TestKey key = new TestKey(suite, hostname, className, name);
        if (executions.size() >= MAX_TRACKED && !executions.containsKey(key)) {
            overflowed = true;
            return 0;
        }
        return executions.merge(key, count, Integer::sum) - count;
    }

    private record TestKey(String suite, String hostname, String className, String name) {
    }

    /** True when some tests were numbered without repetition detection because of the cap. */
    boolean overflowed() {
        return overflowed;
    }
}
