package dev.testpulse.ingest.outcome;

/**
 * Keeps the outcomes of one upload apart. Two outcomes of one upload (one request, all files of a multipart upload)
 * that would derive the same {@link OutcomeId} would be counted once by analysis-service, while the 202 said two: the
 * later one, in document order, becomes the next retry of that test instead (the next number after the highest retry
 * the upload already gave it). Outcomes that collide with nothing keep exactly the id they had before, and the
 * numbering depends on the document alone, so the same upload sent again gets the same ids and still counts once.
 *
 * <p>One instance per upload and pass; not thread-safe. Memory is two primitive tables: a set of the ids given, 18 to
 * 36 bytes per outcome (their first 64 bits: two different ids of one upload share them with a chance of about
 * n²/2<sup>65</sup>, and a shared prefix only renumbers an outcome, it never merges two), and the next free retry of
 * each test that has a retry above 0.
 */
public final class IdNumbering {

    private final LongIntTable given = new LongIntTable();
    private final LongIntTable nextRetry = new LongIntTable();
    private int renumbered;
    private String firstRenumberedAt;

    /** The id and retry of an outcome the client gave no id for. */
    public record Numbered(String id, int retry) {
    }

    /**
     * @param at where the outcome is in the upload (a JSON pointer), for the warning
     * @return the id derived with {@code retry}, or, when an earlier outcome of this upload already has that id, the id
     *         of the lowest retry after every retry this test already has here
     */
    public Numbered number(String project, String pipeline, String runId, int attempt, String job, String suite,
            String className, String name, int retry, String at) {
        String id = OutcomeId.of(project, pipeline, runId, attempt, job, suite, className, name, retry);
        boolean collides = !given.putIfAbsent(prefix(id));
        if (!collides && retry == 0) {
            // Almost every outcome: the next retry it implies (1) is what a collision at retry 0 takes anyway.
            return new Numbered(id, 0);
        }
        long test = testHash(project, pipeline, runId, attempt, job, suite, className, name);
        int next = nextRetry.get(test, 0);
        int numbered = retry;
        if (collides) {
            if (renumbered++ == 0) {
                firstRenumberedAt = at;
            }
            numbered = Math.max(next, retry + 1);
            id = OutcomeId.of(project, pipeline, runId, attempt, job, suite, className, name, numbered);
            while (!given.putIfAbsent(prefix(id))) {
                numbered++;
                id = OutcomeId.of(project, pipeline, runId, attempt, job, suite, className, name, numbered);
            }
        }
        if (numbered >= next) {
            nextRetry.put(test, numbered + 1);
        }
        return new Numbered(id, numbered);
    }

    /** What the upload's 202 says when outcomes were renumbered, or null. */
    public String warning() {
        if (renumbered == 0) {
            return null;
        }
        return renumbered + (renumbered == 1 ? " outcome" : " outcomes")
                + " repeated a test already in this upload (same suite, class, name and retry) and counted as its next"
                + " retry, the first at " + firstRenumberedAt;
    }

    private static long prefix(String id) {
        return Long.parseUnsignedLong(id, 0, 16, 16);
    }

    /**
     * A 64-bit hash of the test's fields (FNV-1a over their characters, with a separator): only chooses the retry a
     * colliding outcome gets, so a rare shared hash costs a higher retry number, never a merge.
     */
    private static long testHash(Object... parts) {
        long h = 0xCBF2_9CE4_8422_2325L;
        for (Object part : parts) {
            String text = String.valueOf(part);
            for (int i = 0; i < text.length(); i++) {
                h = (h ^ text.charAt(i)) * 0x0000_0100_0000_01B3L;
            }
            h = (h ^ 0xFFFF) * 0x0000_0100_0000_01B3L;
        }
        return h;
    }

    /** Open addressing from long to int; no boxing, as an upload may hold hundreds of thousands of outcomes. */
    static final class LongIntTable {
        private long[] keys = new long[64];
        private int[] values = new int[64];
        private boolean[] used = new boolean[64];
        private int size;

        int get(long key, int absent) {
            int slot = find(key);
            return used[slot] ? values[slot] : absent;
        }

        void put(long key, int value) {
            int slot = find(key);
            if (!used[slot]) {
                add(slot, key);
            }
            values[slot] = value;
        }

        /** @return false when the key was there already */
        boolean putIfAbsent(long key) {
            int slot = find(key);
            if (used[slot]) {
                return false;
            }
            add(slot, key);
            return true;
        }

        private void add(int slot, long key) {
            used[slot] = true;
            keys[slot] = key;
            if (++size * 2 > keys.length) {
                grow();
            }
        }

        private int find(long key) {
            int mask = keys.length - 1;
            int slot = (int) (key ^ (key >>> 32)) * 0x9E37_79B9 & mask;
            while (used[slot] && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            boolean[] oldUsed = used;
            keys = new long[oldKeys.length * 2];
            values = new int[keys.length];
            used = new boolean[keys.length];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldUsed[i]) {
                    int slot = find(oldKeys[i]);
                    used[slot] = true;
                    keys[slot] = oldKeys[i];
                    values[slot] = oldValues[i];
                }
            }
        }
    }
}
