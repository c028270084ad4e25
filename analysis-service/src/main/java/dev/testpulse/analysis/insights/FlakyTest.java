package dev.testpulse.analysis.insights;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A test that both passed and failed on the same commit, with how often: flaky commits over commits seen. */
public record FlakyTest(String suite, @JsonProperty("class") String className, String name, long flakyCommits,
        long commitsSeen, Double flakeRatePct, Instant lastFlake, List<String> branches) {
}
