package dev.testpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.testpulse.ingest.outcome.Outcome;
import dev.testpulse.ingest.outcome.OutcomeId;
import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.ingest.problem.Problem.Violation;

class OutcomeValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final OutcomeValidator validator = new OutcomeValidator(10, 20);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing project        | {"run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed"}                      | /7/project
            project with a slash   | {"project":"a/b","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed"}      | /7/project
            missing run            | {"project":"p","suite":"s","test":{"name":"t"},"status":"passed"}                         | /7/run
            blank run id           | {"project":"p","run":{"id":" "},"suite":"s","test":{"name":"t"},"status":"passed"}       | /7/run/id
            attempt zero           | {"project":"p","run":{"id":"1","attempt":0},"suite":"s","test":{"name":"t"},"status":"passed"} | /7/run/attempt
            missing suite          | {"project":"p","run":{"id":"1"},"test":{"name":"t"},"status":"passed"}                    | /7/suite
            missing test           | {"project":"p","run":{"id":"1"},"suite":"s","status":"passed"}                            | /7/test
            missing test name      | {"project":"p","run":{"id":"1"},"suite":"s","test":{"class":"C"},"status":"passed"}       | /7/test/name
            unknown status         | {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"ok"}            | /7/status
            missing status         | {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t"}}                          | /7/status
            negative duration      | {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed","duration_ms":-1} | /7/duration_ms
            negative retry         | {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed","retry":-1} | /7/retry
            id with spaces         | {"id":"a b","project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed"} | /7/id
            empty tag              | {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t","tags":[""]},"status":"passed"} | /7/test/tags/0
            """)
    void namesTheInvalidField(String what, String json, String pointer) throws Exception {
        OutcomeValidator.Result result = validator.validate(JSON.readValue(json, IncomingOutcome.class), "/7", NOW);
        assertThat(result.valid()).isFalse();
        assertThat(result.violations()).extracting(Violation::pointer).containsExactly(pointer);
    }

    @Test
    void fillsDefaultsAndDerivesTheId() throws Exception {
        Outcome outcome = valid("""
                {"project":"p","run":{"id":"1"},"suite":" s ","test":{"name":"t"},"status":"FAILED",
                 "failure":{"type":"E","message":"0123456789abc","trace":"x"}}""");
        assertThat(outcome.pipeline()).isEqualTo("default");
        assertThat(outcome.run().attempt()).isEqualTo(1);
        assertThat(outcome.retry()).isZero();
        assertThat(outcome.suite()).isEqualTo("s");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.observedAt()).isEqualTo(NOW);
        assertThat(outcome.test().tags()).isEqualTo(List.of());
        assertThat(outcome.failure().message()).isEqualTo("0123456789");
        assertThat(outcome.id()).isEqualTo(OutcomeId.of("p", "default", "1", 1, "s", null, "t", 0));
    }

    @Test
    void keepsAClientGivenIdAndEventTime() throws Exception {
        Outcome outcome = valid("""
                {"id":"ci-42:7","project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed",
                 "observed_at":"2026-11-01T08:00:00Z"}""");
        assertThat(outcome.id()).isEqualTo("ci-42:7");
        assertThat(outcome.observedAt()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    }

    @Test
    void reportsEveryViolationOfOneOutcome() throws Exception {
        OutcomeValidator.Result result = validator.validate(JSON.readValue("{}", IncomingOutcome.class), "/0", NOW);
        assertThat(result.violations()).extracting(Violation::pointer)
                .containsExactlyInAnyOrder("/0/project", "/0/run", "/0/suite", "/0/test", "/0/status");
    }

    @ParameterizedTest(name = "flaky {0}")
    @CsvSource(nullValues = "absent", value = {"true, true", "false, absent", "absent, absent"})
    void keepsTheFlakyMarkOnlyWhenTrue(String given, Boolean kept) throws Exception {
        String flaky = given == null ? "" : ",\"flaky\":" + given;
        Outcome outcome = valid("{\"project\":\"p\",\"run\":{\"id\":\"1\"},\"suite\":\"s\",\"test\":{\"name\":\"t\"},"
                + "\"status\":\"passed\"" + flaky + "}");
        assertThat(outcome.flaky()).isEqualTo(kept);
    }

    private Outcome valid(String json) throws Exception {
        OutcomeValidator.Result result = validator.validate(JSON.readValue(json, IncomingOutcome.class), "/0", NOW);
        assertThat(result.violations()).isEmpty();
        return result.outcome();
    }
}
