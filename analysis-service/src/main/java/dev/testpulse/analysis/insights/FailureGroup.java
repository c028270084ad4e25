package dev.testpulse.analysis.insights;

import java.time.Instant;
import java.util.List;

/**
 * Failures that share one cause in a window: how many, which tests and suites they hit, when, one example, and what
 * the success rate would be if this cause were fixed (its failures counted as passes).
 */
public record FailureGroup(String signature, String type, String message, long failures, long testsHit,
        List<String> suites, Instant firstSeen, Instant lastSeen, String exampleMessage, String exampleTest,
        Double projectedRatePct, Double gainPp) {
}
