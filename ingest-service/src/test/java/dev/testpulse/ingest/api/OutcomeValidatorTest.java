package dev.testpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
import dev.testpulse.shared.problem.Problem.Violation;

class OutcomeValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final OutcomeValidator validator = new OutcomeValidator(10, 20, Duration.ofDays(400));

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
            name of line breaks    | {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"\\r\\n\\t "},"status":"passed"} | /7/test/name
            observed in year 9999  | {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed","observed_at":"9999-01-01T00:00:00Z"} | /7/observed_at
            javascript run url     | {"project":"p","run":{"id":"1","url":"javascript:alert(1)"},"suite":"s","test":{"name":"t"},"status":"passed"} | /7/run/url
            relative run url       | {"project":"p","run":{"id":"1","url":"/actions/runs/1"},"suite":"s","test":{"name":"t"},"status":"passed"} | /7/run/url
            ftp run url            | {"project":"p","run":{"id":"1","url":"ftp://ci.example/1"},"suite":"s","test":{"name":"t"},"status":"passed"} | /7/run/url
            run started in 1970    | {"project":"p","run":{"id":"1","started_at":"1970-01-01T00:00:00Z"},"suite":"s","test":{"name":"t"},"status":"passed"} | /7/run/started_at
            """)
    void namesTheInvalidField(String what, String json, String pointer) throws Exception {
        OutcomeValidator.Result result = validator.validate(JSON.readValue(json, IncomingOutcome.class), "/7", NOW);
        assertThat(result.valid()).isFalse();
        assertThat(result.violations()).extracting(Violation::pointer).containsExactly(pointer);
    }

    @Test
    void keepsAnHttpsRunUrlRepairedAndRefusesOneTooLong() throws Exception {
        Outcome outcome = valid("""
                {"project":"p","run":{"id":"1","url":" https://github.com/acme/shop/actions/runs/42\\u0007 "},"suite":"s",
                 "test":{"name":"t"},"status":"passed"}""");
        assertThat(outcome.run().url()).isEqualTo("https://github.com/acme/shop/actions/runs/42\uFFFD");
        String tooLong = "https://ci.example/" + "a".repeat(RunUrl.MAX_BYTES);
        OutcomeValidator.Result result = validator.validate(JSON.readValue("""
                {"project":"p","run":{"id":"1","url":"%s"},"suite":"s","test":{"name":"t"},"status":"passed"}"""
                .formatted(tooLong), IncomingOutcome.class), "", NOW);
        assertThat(result.violations()).extracting(Violation::pointer).containsExactly("/run/url");
        assertThat(valid("""
                {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed"}""").run().url()).isNull();
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
        assertThat(outcome.id()).isEqualTo(OutcomeId.of("p", "default", "1", 1, null, "s", null, "t", 0));
    }

    @Test
    void keepsTheIdOfAnOutcomeWithoutAJobAndGivesAJobItsOwn() throws Exception {
        String run = "\"run\":{\"id\":\"42\"%s},\"pipeline\":\"ci\",\"suite\":\"suite\",\"test\":{\"class\":\"C\",\"name\":\"t\"}";
        Outcome withoutJob = valid("{\"project\":\"p\",\"status\":\"passed\"," + run.formatted("") + "}");
        Outcome linux = valid("{\"project\":\"p\",\"status\":\"passed\"," + run.formatted(",\"job\":\" linux\\n\"") + "}");
        Outcome windows = valid("{\"project\":\"p\",\"status\":\"passed\"," + run.formatted(",\"job\":\"windows\"") + "}");

        assertThat(withoutJob.id()).isEqualTo("a1e1639ada55c8c67e84574e61657433"); // the id before jobs existed
        assertThat(withoutJob.run().job()).isNull();
        assertThat(linux.run().job()).isEqualTo("linux");
        assertThat(linux.id()).isEqualTo(OutcomeId.of("p", "ci", "42", 1, "linux", "suite", "C", "t", 0))
                .isNotEqualTo(windows.id()).isNotEqualTo(withoutJob.id());
    }

    @Test
    void repairsEveryNameAndTextInsteadOfRefusingIt() throws Exception {
        Outcome outcome = valid("""
                {"project":"p","pipeline":"ci\\u0000","run":{"id":" 4\\t2 ","job":"a\\u0001b","branch":"feat\\ud800"},
                 "suite":"s\\u007f","test":{"class":"C\\u0085","name":"line\\r\\nbreak","file":"f\\u0000","tags":["x\\u001b"]},
                 "status":"failed","failure":{"type":"E\\u0000","message":"a\\u0000\\nb","trace":"\\tat\\u001b"}}""");
        assertThat(outcome.pipeline()).isEqualTo("ci\uFFFD");
        assertThat(outcome.run().id()).isEqualTo("4 2");
        assertThat(outcome.run().job()).isEqualTo("a\uFFFDb");
        assertThat(outcome.run().branch()).isEqualTo("feat\uFFFD");
        assertThat(outcome.suite()).isEqualTo("s\uFFFD");
        assertThat(outcome.test().className()).isEqualTo("C\uFFFD");
        assertThat(outcome.test().name()).isEqualTo("line break");
        assertThat(outcome.test().file()).isEqualTo("f\uFFFD");
        assertThat(outcome.test().tags()).containsExactly("x\uFFFD");
        assertThat(outcome.failure().type()).isEqualTo("E\uFFFD");
        assertThat(outcome.failure().message()).isEqualTo("a\uFFFD\nb");
        assertThat(outcome.failure().trace()).isEqualTo("\tat\uFFFD");
    }

    @ParameterizedTest(name = "{0} over {2} bytes")
    @CsvSource(delimiter = '|', textBlock = """
            pipeline   | /pipeline     | 200  | {"project":"p","pipeline":"%s","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed"}
            run id     | /run/id       | 200  | {"project":"p","run":{"id":"%s"},"suite":"s","test":{"name":"t"},"status":"passed"}
            job        | /run/job      | 200  | {"project":"p","run":{"id":"1","job":"%s"},"suite":"s","test":{"name":"t"},"status":"passed"}
            commit     | /run/commit   | 100  | {"project":"p","run":{"id":"1","commit":"%s"},"suite":"s","test":{"name":"t"},"status":"passed"}
            branch     | /run/branch   | 250  | {"project":"p","run":{"id":"1","branch":"%s"},"suite":"s","test":{"name":"t"},"status":"passed"}
            suite      | /suite        | 500  | {"project":"p","run":{"id":"1"},"suite":"%s","test":{"name":"t"},"status":"passed"}
            class      | /test/class   | 500  | {"project":"p","run":{"id":"1"},"suite":"s","test":{"class":"%s","name":"t"},"status":"passed"}
            name       | /test/name    | 1000 | {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"%s"},"status":"passed"}
            file       | /test/file    | 1000 | {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t","file":"%s"},"status":"passed"}
            a tag      | /test/tags/1  | 100  | {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t","tags":["ok","%s"]},"status":"passed"}
            """)
    void limitsNamesInUtf8BytesNotChars(String what, String pointer, int maxBytes, String template) throws Exception {
        // 試 is one char but three bytes: a name of maxBytes/3 + 1 of them has few chars and too many bytes.
        String atLimit = "x".repeat(maxBytes % 3) + "試".repeat(maxBytes / 3);
        assertThat(validator.validate(JSON.readValue(template.formatted(atLimit), IncomingOutcome.class), "/0", NOW)
                .violations()).isEmpty();

        String over = "試".repeat(maxBytes / 3 + 1);
        OutcomeValidator.Result result = validator.validate(JSON.readValue(template.formatted(over), IncomingOutcome.class), "/0", NOW);
        assertThat(result.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.pointer()).isEqualTo("/0" + pointer);
            assertThat(violation.detail()).isEqualTo("must be at most %d bytes of UTF-8, was %d", maxBytes, (maxBytes / 3 + 1) * 3);
        });
    }

    @Test
    void refusesMoreThanFiftyTags() throws Exception {
        String tags = "\"t\",".repeat(51);
        OutcomeValidator.Result result = validator.validate(JSON.readValue("""
                {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t","tags":[%s]},"status":"passed"}"""
                .formatted(tags.substring(0, tags.length() - 1)), IncomingOutcome.class), "/0", NOW);
        assertThat(result.violations()).extracting(Violation::pointer).containsExactly("/0/test/tags");
    }

    @Test
    void truncatesFailureTextOnCharacterBoundaries() throws Exception {
        // Limits here: message 10 bytes, trace 20 bytes. 😀 is a surrogate pair, 4 bytes; ü is 2 bytes.
        Outcome outcome = valid("""
                {"project":"p","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"failed",
                 "failure":{"type":"%s","message":"12345678\uD83D\uDE00","trace":"1234567890123456789ü"}}"""
                .formatted("E".repeat(499) + "ü"));
        assertThat(outcome.failure().message()).isEqualTo("12345678");
        assertThat(outcome.failure().trace()).isEqualTo("1234567890123456789");
        assertThat(outcome.failure().type()).isEqualTo("E".repeat(499));
    }

    @ParameterizedTest(name = "observed at {0}: {1}")
    @CsvSource({
            "2026-11-25T10:00:00Z, accepted",
            "2026-11-25T10:00:01Z, 'must not be later than 2026-11-25T10:00:00Z (now + 1 day: clock skew tolerated up to a day), was 2026-11-25T10:00:01Z'",
            "9999-12-31T23:59:59Z, 'must not be later than 2026-11-25T10:00:00Z (now + 1 day: clock skew tolerated up to a day), was 9999-12-31T23:59:59Z'",
            "2025-10-20T10:00:00Z, accepted", // backfill inside 400 days
            "2025-10-20T09:59:59Z, 'must not be earlier than 2025-10-20T10:00:00Z (now - 400 days: older outcomes are past retention), was 2025-10-20T09:59:59Z'"})
    void acceptsEventTimesFromMaxAgeAgoToADayAhead(Instant observedAt, String expected) throws Exception {
        OutcomeValidator.Result result = validator.validate(JSON.readValue("""
                {"project":"p","run":{"id":"1","started_at":"%1$s"},"suite":"s","test":{"name":"t"},"status":"passed",
                 "observed_at":"%1$s"}""".formatted(observedAt), IncomingOutcome.class), "/0", NOW);
        if (expected.equals("accepted")) {
            assertThat(result.violations()).isEmpty();
            assertThat(result.outcome().observedAt()).isEqualTo(observedAt);
        } else {
            assertThat(result.violations()).extracting(Violation::pointer, Violation::detail).containsExactly(
                    org.assertj.core.api.Assertions.tuple("/0/run/started_at", expected),
                    org.assertj.core.api.Assertions.tuple("/0/observed_at", expected));
        }
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

    @ParameterizedTest(name = "muted {0}")
    @CsvSource(nullValues = "absent", value = {"true, true", "false, absent", "absent, absent"})
    void passesTheReportersMutedMarkThroughOnlyWhenTrue(String given, Boolean kept) throws Exception {
        String muted = given == null ? "" : ",\"muted\":" + given;
        Outcome outcome = valid("{\"project\":\"p\",\"run\":{\"id\":\"1\"},\"suite\":\"s\",\"test\":{\"name\":\"t\"},"
                + "\"status\":\"failed\"" + muted + "}");
        assertThat(outcome.muted()).isEqualTo(kept);
        // on the topic it is there when true and left out otherwise, so unmuted records read exactly as before
        assertThat(JSON.writeValueAsString(outcome).contains("\"muted\"")).isEqualTo(kept != null);
    }

    private Outcome valid(String json) throws Exception {
        OutcomeValidator.Result result = validator.validate(JSON.readValue(json, IncomingOutcome.class), "/0", NOW);
        assertThat(result.violations()).isEmpty();
        return result.outcome();
    }
}
