package dev.testpulse.analysis.insights;

import java.time.Instant;
import java.util.List;

import dev.testpulse.analysis.rates.WilsonInterval;

/**
 * Failures that share one cause in a window: how many, which tests and suites they hit, when, one example, and what
 * the success rate would be if this cause were fixed (its failures counted as passes), with that rate's 95% Wilson
 * interval: a gain measured on few executions is uncertain, and says so.
 */
public record FailureGroup(String signature, String type, String message, long failures, long testsHit,
        List<String> suites, Instant firstSeen, Instant lastSeen, String exampleMessage, String exampleTest,
        Double projectedRatePct, Double gainPp, WilsonInterval projectedInterval) {
}
