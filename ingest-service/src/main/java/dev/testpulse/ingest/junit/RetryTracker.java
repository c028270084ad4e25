package dev.testpulse.ingest.junit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Numbers executions of the same test across a report, because pytest-rerunfailures, gotestsum,
 * Gradle's test-retry and others repeat the whole {@code <testcase>} for each try.
 * Memory grows with the number of distinct tests, not with the document size, and is capped.
 *
 * <p>Built from primitive arrays only: almost every test case of a report is a test seen for the first time, and
 * keeping each as objects (a map node, a key record, its strings) cost the parser of a 50 MB report over a third of
 * its time in the benchmark — the lookups' cache misses, and the garbage collector copying every retained key again.
 * Here a slot is one {@code int} (12 bits of the key's hash over the key's index + 1: 2 MiB of slots for the 250,000
 * tests of such a report); a key's class name and name are copied as bytes into chunks (one byte per Latin-1
 * character, as a String keeps them; a full chunk is never copied, so a large report's keys never need twice their
 * size while growing); its suite and host are a small group number. Keys are compared in full whenever the hash bits
 * agree, so numbering stays exact.
 */
final class RetryTracker {

    /** Beyond this many distinct tests, repetitions are no longer detected; parsing goes on. */
    static final int MAX_TRACKED = 1_000_000;

    /** Low bits of a slot: the key's index + 1 (0 is an empty slot); MAX_TRACKED + 1 fits. The rest: hash bits. */
    private static final int INDEX_BITS = 20;
    private static final int INDEX_MASK = (1 << INDEX_BITS) - 1;
    /**
     * Per key in {@link #keyFields}: group, chunk, offset in the chunk, class name length in chars (-1: none), its
     * length in bytes, name length in chars.
     */
    private static final int FIELDS = 6;
    /** Chunks grow from a few KiB (most reports are small) to this size, then more are added. */
    private static final int MAX_CHUNK = 1 << 20;
    /** A character that is not Latin-1 is stored as this byte and its two bytes. */
    private static final int WIDE = 0xFF;

    private int[] slots = new int[1024];
    private int size;
    private long[] keyHashes = new long[256];
    private int[] keyFields = new int[256 * FIELDS];
    private int[] counts = new int[256];
    private byte[][] chunks = {new byte[8192]};
    private int chunk;
    private int chunkUsed;
    private boolean overflowed;

    /** Suite and hostname pairs, numbered; the last one is remembered, as a report's test cases come suite by suite. */
    private final Map<GroupKey, Integer> groups = new HashMap<>();
    private String lastSuite;
    private String lastHostname;
    private int lastGroup = -1;

    /**
     * Reserves {@code count} consecutive retry numbers for a test and returns the first.
     *
     * @return the retry number of the first of these executions, 0 when the test was not seen before
     */
    int reserve(String suite, String hostname, String className, String name, int count) {
        int group = group(suite, hostname);
        long hash = hash(group, className, name);
        int tag = (int) (hash >>> 32) & ~INDEX_MASK;
        int mask = slots.length - 1;
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            int stored = slots[slot];
            if (stored == 0) {
                if (size >= MAX_TRACKED) {
                    overflowed = true;
                    return 0;
                }
                slots[slot] = tag | (size + 1);
                add(hash, group, className, name, count);
                if (size * 2 > slots.length) {
                    grow();
                }
                return 0;
            }
            if ((stored & ~INDEX_MASK) == tag) {
                int key = (stored & INDEX_MASK) - 1;
                if (matches(key, group, className, name)) {
                    int before = counts[key];
                    counts[key] = before + count;
                    return before;
                }
            }
        }
    }

    /** True when some tests were numbered without repetition detection because of the cap. */
    boolean overflowed() {
        return overflowed;
    }

    private int group(String suite, String hostname) {
        if (lastGroup >= 0 && Objects.equals(suite, lastSuite) && Objects.equals(hostname, lastHostname)) {
            return lastGroup;
        }
        lastSuite = suite;
        lastHostname = hostname;
        lastGroup = groups.computeIfAbsent(new GroupKey(suite, hostname), k -> groups.size());
        return lastGroup;
    }

    private void add(long hash, int group, String className, String name, int count) {
        if (size == counts.length) {
            keyHashes = Arrays.copyOf(keyHashes, size * 2);
            keyFields = Arrays.copyOf(keyFields, size * 2 * FIELDS);
            counts = Arrays.copyOf(counts, size * 2);
        }
        int classLength = className == null ? 0 : className.length();
        int mostBytes = 3 * (classLength + name.length());
        if (chunkUsed + mostBytes > chunks[chunk].length) {
            newChunk(mostBytes);
        }
        int at = size * FIELDS;
        keyFields[at] = group;
        keyFields[at + 1] = chunk;
        keyFields[at + 2] = chunkUsed;
        keyFields[at + 3] = className == null ? -1 : classLength;
        int nameStart = className == null ? chunkUsed : write(className, chunks[chunk], chunkUsed);
        keyFields[at + 4] = nameStart - chunkUsed;
        keyFields[at + 5] = name.length();
        chunkUsed = write(name, chunks[chunk], nameStart);
        keyHashes[size] = hash;
        counts[size] = count;
        size++;
    }

    private void newChunk(int atLeast) {
        byte[] current = chunks[chunk];
        if (current.length < MAX_CHUNK) {
            // still small: grow it (copying at most 1 MiB), so a small report keeps one small array
            chunks[chunk] = Arrays.copyOf(current, Math.max(Math.min(current.length * 2, MAX_CHUNK), chunkUsed + atLeast));
            return;
        }
        chunks = Arrays.copyOf(chunks, chunks.length + 1);
        chunk++;
        chunks[chunk] = new byte[Math.max(MAX_CHUNK, atLeast)];
        chunkUsed = 0;
    }

    /** Writes {@code text} at {@code at}: a Latin-1 character as its byte, any other as {@link #WIDE} and two bytes. */
    private static int write(String text, byte[] bytes, int at) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < WIDE) {
                bytes[at++] = (byte) c;
            } else {
                bytes[at++] = (byte) WIDE;
                bytes[at++] = (byte) (c >>> 8);
                bytes[at++] = (byte) c;
            }
        }
        return at;
    }

    private boolean matches(int key, int group, String className, String name) {
        int at = key * FIELDS;
        int classLength = keyFields[at + 3];
        if (keyFields[at] != group || keyFields[at + 5] != name.length()
                || classLength != (className == null ? -1 : className.length())) {
            return false;
        }
        byte[] bytes = chunks[keyFields[at + 1]];
        int start = keyFields[at + 2];
        return (className == null || written(className, bytes, start)) && written(name, bytes, start + keyFields[at + 4]);
    }

    /** Whether {@code bytes} hold {@code text} at {@code at}, as {@link #write} wrote it. */
    private static boolean written(String text, byte[] bytes, int at) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < WIDE) {
                if (bytes[at++] != (byte) c) {
                    return false;
                }
            } else if (bytes[at] != (byte) WIDE || bytes[at + 1] != (byte) (c >>> 8) || bytes[at + 2] != (byte) c) {
                return false;
            } else {
                at += 3;
            }
        }
        return true;
    }

    private void grow() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int key = 0; key < size; key++) {
            long hash = keyHashes[key];
            int slot = (int) hash & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = ((int) (hash >>> 32) & ~INDEX_MASK) | (key + 1);
        }
    }

    /** The String hashes of the names, spread over all 64 bits (the finaliser of MurmurHash3). */
    private static long hash(int group, String className, String name) {
        long h = group;
        h = h * 0x9E37_79B9_7F4A_7C15L + Objects.hashCode(className);
        h = h * 0x9E37_79B9_7F4A_7C15L + name.hashCode();
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        return h ^ (h >>> 33);
    }

    private record GroupKey(String suite, String hostname) {
    }
}
