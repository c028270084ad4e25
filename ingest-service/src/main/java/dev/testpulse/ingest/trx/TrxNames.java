package dev.testpulse.ingest.trx;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Tells apart different tests of one TRX document that share a class and display name. Each result has a variant:
 * its {@code testId} (another result of the same test is another try of it, numbered as a retry later), or, for a
 * data row, its own execution (rows of one data-driven test are different tests even when their names agree). The
 * first variant of a name keeps it; the n-th gets {@code " #n"}, in document order. So a report whose names do not
 * collide keeps exactly the names (and ids) it had before, and the same document always gives the same names.
 *
 * <p>Memory grows with the number of distinct names, as {@link TrxDefinitions} does with the number of tests, and is
 * capped the same way.
 */
final class TrxNames {

    /** Per class and name: its only variant, or a map of its variants to their numbers (most names have one). */
    private final Map<String, Object> variants = new HashMap<>();
    private int rowsWithoutExecution;
    private boolean overflowed;

    /** The variant of a top-level result: its test definition. */
    static String ofTest(String testId) {
        return "test:" + Objects.requireNonNullElse(testId, "");
    }

    /** The variant of a data row: its execution, or its position when the row has no executionId. */
    String ofRow(String executionId) {
        return executionId != null ? "row:" + executionId : "row#" + rowsWithoutExecution++;
    }

    /** The name this result is published under. */
    String name(String className, String name, String variant) {
        String key = Objects.requireNonNullElse(className, "") + '\u0000' + name;
        Object known = variants.get(key);
        if (known == null) {
            if (variants.size() >= TrxDefinitions.MAX_TRACKED) {
                overflowed = true;
                return name;
            }
            variants.put(key, variant);
            return name;
        }
        if (known instanceof String only) {
            if (only.equals(variant)) {
                return name;
            }
            Map<String, Integer> numbers = new HashMap<>();
            numbers.put(only, 1);
            numbers.put(variant, 2);
            variants.put(key, numbers);
            return name + " #2";
        }
        @SuppressWarnings("unchecked")
        Map<String, Integer> numbers = (Map<String, Integer>) known;
        int number = numbers.computeIfAbsent(variant, v -> numbers.size() + 1);
        return number == 1 ? name : name + " #" + number;
    }

    /** True when names beyond the cap were published without telling variants apart. */
    boolean overflowed() {
        return overflowed;
    }
}
