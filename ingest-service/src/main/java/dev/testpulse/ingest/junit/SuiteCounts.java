package dev.testpulse.ingest.junit;

import dev.testpulse.ingest.outcome.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Test case tallies of a suite in the vocabulary of the JUnit {@code testsuite} attributes,
 * used both for what a suite declares and for what we actually counted in it.
 * A null field means "not declared" and is not compared.
 */
final class SuiteCounts {

    private Integer tests;
    private Integer failures;
    private Integer errors;
    private Integer skipped;

    static SuiteCounts zero() {
        SuiteCounts counts = new SuiteCounts();
        counts.tests = 0;
        counts.failures = 0;
        counts.errors = 0;
        counts.skipped = 0;
        return counts;
    }

    /**
     * What a testsuite claims. GoogleTest and cargo-nextest report not-run tests under {@code disabled},
     * which our count files under skipped, so both attributes are added up.
     */
    static SuiteCounts declared(String tests, String failures, String errors, String skipped, String disabled) {
        SuiteCounts counts = new SuiteCounts();
        counts.tests = AttributeValues.nonNegativeInt(tests);
        counts.failures = AttributeValues.nonNegativeInt(failures);
        counts.errors = AttributeValues.nonNegativeInt(errors);
        Integer skippedCount = AttributeValues.nonNegativeInt(skipped);
        Integer disabledCount = AttributeValues.nonNegativeInt(disabled);
        counts.skipped = skippedCount == null && disabledCount == null
                ? null
                : zeroIfNull(skippedCount) + zeroIfNull(disabledCount);
        return counts;
    }

    /** Counts one test case by its final result; its retries are executions, not test cases. */
    void add(Status finalStatus) {
        tests++;
        switch (finalStatus) {
            case FAILED -> failures++;
            case ERROR -> errors++;
            case SKIPPED -> skipped++;
            case PASSED -> {
                // only counted in tests
            }
        }
    }

    void addAll(SuiteCounts other) {
        tests += other.tests;
        failures += other.failures;
        errors += other.errors;
        skipped += other.skipped;
    }

    /**
     * The declared attributes that disagree with {@code counted}, as "declared tests=4 but counted tests=5",
     * or null when all declared ones agree.
     */
    String disagreementWith(SuiteCounts counted) {
        List<String> declaredParts = new ArrayList<>();
        List<String> countedParts = new ArrayList<>();
        compare("tests", tests, counted.tests, declaredParts, countedParts);
        compare("failures", failures, counted.failures, declaredParts, countedParts);
        compare("errors", errors, counted.errors, declaredParts, countedParts);
        compare("skipped", skipped, counted.skipped, declaredParts, countedParts);
        if (declaredParts.isEmpty()) {
            return null;
        }
        return "declares " + String.join(", ", declaredParts) + " but contains " + String.join(", ", countedParts);
    }

    private static void compare(String label, Integer declared, Integer counted,
                                List<String> declaredParts, List<String> countedParts) {
        if (declared != null && !declared.equals(counted)) {
            declaredParts.add(label + "=" + declared);
            countedParts.add(label + "=" + counted);
        }
    }

    private static int zeroIfNull(Integer value) {
        return value == null ? 0 : value;
    }
}
