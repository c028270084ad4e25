package dev.testpulse.ingest.ctrf;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the counts a CTRF {@code results.summary} declares with the tests actually listed,
 * because producers are not trusted to agree with themselves.
 */
final class CtrfCounts {

    private final Map<CtrfStatus, Integer> counted = new EnumMap<>(CtrfStatus.class);
    private final Map<String, Long> declared = new LinkedHashMap<>();
    private int countedTests;

    void count(CtrfStatus status) {
        counted.merge(status, 1, Integer::sum);
        countedTests++;
    }

    /** Records a summary field; fields other than tests and the five statuses are ignored. */
    void declare(String field, long value) {
        if (field.equals("tests") || CtrfStatus.parse(field) != null) {
            declared.put(field, value);
        }
    }

    /** "summary declares tests=5 but the report contains tests=4", or null when every declared count matches. */
    String disagreement() {
        List<String> declaredParts = new ArrayList<>();
        List<String> countedParts = new ArrayList<>();
        declared.forEach((field, value) -> {
            long actual = counted(field);
            if (actual != value) {
                declaredParts.add(field + "=" + value);
                countedParts.add(field + "=" + actual);
            }
        });
        if (declaredParts.isEmpty()) {
            return null;
        }
        return "summary declares " + String.join(", ", declaredParts)
                + " but the report contains " + String.join(", ", countedParts);
    }

    private long counted(String field) {
        return field.equals("tests") ? countedTests : counted.getOrDefault(CtrfStatus.parse(field), 0);
    }
}
