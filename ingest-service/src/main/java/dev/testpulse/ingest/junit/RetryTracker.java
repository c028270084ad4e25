package dev.testpulse.ingest.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Numbers executions of the same test across a report, because pytest-rerunfailures, gotestsum,
 * Gradle's test-retry and others repeat the whole {@code <testcase>} for each try.
 * Memory grows with the number of distinct tests, not with the document size, and is capped.
 *
 * <p>An open-addressing table of primitive slots, not a {@code HashMap}: almost every test case of a report is a
 * test seen for the first time, and in a map of every test of a large report each of those cost a node, a boxed
 * count and a chain of cache misses (a fifth of the parse time of a 50 MB report in the benchmark's profile). A slot
 * holds the key's 64-bit hash next to its count and the index of the key, so a probe touches one cache line; the
 * key itself is compared only when the hashes agree, so numbering stays exact.
 */
final class RetryTracker {

    /** Beyond this many distinct tests, repetitions are no longer detected; parsing goes on. */
    static final int MAX_TRACKED = 1_000_000;

    private static final long EMPTY = 0;

    /** Pairs of longs: the key's hash (never {@link #EMPTY}), then the key's index (high half) and its count (low half). */
    private long[] slots = new long[2 * 1024];
    private final List<TestKey> keys = new ArrayList<>();
    private boolean overflowed;

    /**
     * Reserves {@code count} consecutive retry numbers for a test and returns the first.
     *
     * @return the retry number of the first of these executions, 0 when the test was not seen before
     */
    int reserve(String suite, String hostname, String className, String name, int count) {
        long hash = hash(suite, hostname, className, name);
        int mask = slots.length / 2 - 1;
        for (int slot = (int) mix(hash) & mask; ; slot = (slot + 1) & mask) {
            long stored = slots[2 * slot];
            if (stored == EMPTY) {
                if (keys.size() >= MAX_TRACKED) {
                    overflowed = true;
                    return 0;
                }
                slots[2 * slot] = hash;
                slots[2 * slot + 1] = ((long) keys.size() << 32) | count;
                keys.add(new TestKey(suite, hostname, className, name));
                if (keys.size() * 2 > slots.length / 2) {
                    grow();
                }
                return 0;
            }
            if (stored == hash) {
                long entry = slots[2 * slot + 1];
                if (keys.get((int) (entry >>> 32)).matches(suite, hostname, className, name)) {
                    int before = (int) entry;
                    slots[2 * slot + 1] = (entry & 0xFFFF_FFFF_0000_0000L) | (before + count);
                    return before;
                }
            }
        }
    }

    /** True when some tests were numbered without repetition detection because of the cap. */
    boolean overflowed() {
        return overflowed;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length / 2 - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != EMPTY) {
                int slot = (int) mix(old[i]) & mask;
                while (slots[2 * slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                slots[2 * slot] = old[i];
                slots[2 * slot + 1] = old[i + 1];
            }
        }
    }

    private static long hash(String suite, String hostname, String className, String name) {
        long hash = Objects.hashCode(suite);
        hash = hash * 0x9E37_79B9_7F4A_7C15L + Objects.hashCode(hostname);
        hash = hash * 0x9E37_79B9_7F4A_7C15L + Objects.hashCode(className);
        hash = hash * 0x9E37_79B9_7F4A_7C15L + Objects.hashCode(name);
        return hash == EMPTY ? 1 : hash;
    }

    /** Spreads the hash over the slot index bits (the finaliser of MurmurHash3). */
    private static long mix(long hash) {
        long h = hash ^ (hash >>> 33);
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        return h ^ (h >>> 33);
    }

    private record TestKey(String suite, String hostname, String className, String name) {
        boolean matches(String otherSuite, String otherHostname, String otherClassName, String otherName) {
            return Objects.equals(name, otherName) && Objects.equals(className, otherClassName)
                    && Objects.equals(suite, otherSuite) && Objects.equals(hostname, otherHostname);
        }
    }
}
