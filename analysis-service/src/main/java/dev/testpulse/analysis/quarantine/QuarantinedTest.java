package dev.testpulse.analysis.quarantine;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One test's state as the list shows it (the contract with the reporter, issue 27).
 *
 * @param by       who set it: {@code auto} (the auto_quarantine rule), {@code admin} or {@code token} (the project's)
 * @param until    when the state ends by itself (the test is released)
 * @param evidence why the rule judged it flaky (automatic states only)
 */
public record QuarantinedTest(String suite, @JsonProperty("class") @JsonInclude(JsonInclude.Include.NON_NULL) String className,
        String name, String state, String reason, String by, Instant since, Instant until,
        @JsonInclude(JsonInclude.Include.NON_NULL) String evidence) {

    public TestKey key() {
        return new TestKey(suite, className, name);
    }
}
