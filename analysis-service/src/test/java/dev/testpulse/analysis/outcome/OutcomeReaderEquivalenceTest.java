package dev.testpulse.analysis.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The streaming OutcomeReader reads every record value as databind bound it before (DatabindOutcomeReader, under the
 * service's ObjectMapper): the same outcome for a valid one, a problem of the same kind for an invalid one.
 */
class OutcomeReaderEquivalenceTest {

    private static final ObjectMapper MAPPER = DatabindOutcomeReader.serviceMapper();
    private static final OutcomeReader READER = new OutcomeReader(MAPPER);
    private static final DatabindOutcomeReader ORACLE = new DatabindOutcomeReader(MAPPER);

    @Test
    void readsTheContractsExamplesAndTheShapesTheTestsSend() throws IOException {
        List<String> values = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "docs", "schemas", "examples"))) {
            for (Path file : files.sorted().toList()) {
                values.add(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        assertThat(values).hasSize(5);
        values.add("""
                {"schema":"testpulse.outcome/v1","id":"i1","project":"p","pipeline":"ci",
                 "run":{"id":"r1","attempt":1,"commit":"c1","branch":"main"},"suite":"s",
                 "test":{"class":"T","name":"t","tags":[]},"status":"failed","duration_ms":5,"retry":0,
                 "observed_at":"%s"}""".formatted(Instant.parse("2026-12-06T10:00:00.123456Z")));
        values.add("""
                {"schema":"testpulse.outcome/v1","id":"1a2b-3-jdk17-suite0-0","project":"bench-p0","pipeline":"ci",
                 "suite":"suite0","test":{"class":"dev.bench.Suite0Test","name":"test0","tags":["critical"]},
                 "status":"passed","duration_ms":12,"run":{"id":"build-3","attempt":1,"job":"jdk17","commit":"c3",
                 "branch":"main","started_at":"2026-12-06T07:00:00Z"},"retry":0,"observed_at":"2026-12-06T07:00:00.050Z"}""");
        values.addAll(List.of("{this is not json", "", "   ", "null", "[]", "{}", "\"x\"", "1", "true",
                "{\"schema\":\"testpulse.outcome/v1\"} trailing", "{\"schema\":\"testpulse.outcome/v2\"}"));
        values.add(null);
        values.addAll(completeObjectCases(values.get(1)));
        for (String value : values) {
            assertSameReading(value);
        }
        assertThat(READER.read(values.get(0)).valid()).isTrue();
    }

    /**
     * Around the point where databind has every field of an object (it builds the record then): a known field after
     * it is refused, an unknown one skipped unread; before it, an unknown field's strings are still read.
     */
    private static List<String> completeObjectCases(String failed) {
        String huge = "\"" + "y".repeat(1024 * 1024 + 1) + "\"";
        String complete = failed.substring(0, failed.lastIndexOf('}')) + ",\"flaky\":false,\"muted\":null";
        String withFailureComplete = failed.replace("\"type\": \"java.util.concurrent.TimeoutException\",",
                "\"type\": \"java.util.concurrent.TimeoutException\", \"extra\": " + huge + ",");
        return List.of(complete + ",\"retry\":1}", complete + ",\"extra\":" + huge + "}", "{\"extra\":" + huge
                + "," + complete.substring(1) + "}", complete + ",\"extra\":[{\"x\":" + huge + "}]}",
                withFailureComplete, failed.replace("\"retry\": 0", "\"retry\": 0, \"retry\": \"2\""));
    }

    @Test
    void readsRandomValidOutcomesAsDatabindDid() {
        OutcomeSamples samples = new OutcomeSamples(25);
        int valid = 0;
        for (int i = 0; i < 5_000; i++) {
            if (assertSameReading(OutcomeSamples.json(samples.valid())).valid()) {
                valid++;
            }
        }
        assertThat(valid).isEqualTo(5_000);
    }

    @Test
    void refusesExactlyTheHostileVariantsDatabindRefused() {
        OutcomeSamples samples = new OutcomeSamples(2026);
        int invalid = 0;
        for (int i = 0; i < 6_000; i++) {
            if (!assertSameReading(samples.hostile(samples.valid())).valid()) {
                invalid++;
            }
        }
        assertThat(invalid).as("the mutator mostly produces invalid records").isGreaterThan(2_000);
    }

    @Test
    void namesTheFieldOfAWrongType() {
        String value = OutcomeSamples.json(Map.of("schema", Outcome.SCHEMA, "retry", List.of()));
        assertThat(READER.read(value).problem()).isEqualTo("not a JSON outcome: retry must be an integer, was an array");
        String run = OutcomeSamples.json(Map.of("schema", Outcome.SCHEMA, "run", Map.of("started_at", "yesterday")));
        assertThat(READER.read(run).problem()).isEqualTo("not a JSON outcome: run.started_at is not an ISO-8601 instant: yesterday");
    }

    @Test
    void readsAnOutcomeWithoutStatusAsAProblem() {
        String value = """
                {"schema":"testpulse.outcome/v1","id":"i1","project":"p","run":{"id":"r1"},"suite":"s",
                 "test":{"name":"t"},"status":null,"observed_at":"2026-12-06T10:00:00Z"}""";
        assertThat(READER.read(value).problem()).isEqualTo("unknown status null");
        assertThat(READER.read(value.replace("\"status\":null,", "")).problem()).isEqualTo("unknown status null");
    }

    /** Both readers on one value: equal outcomes, or problems of the same kind; returns the new reader's reading. */
    private static OutcomeReader.Read assertSameReading(String value) {
        OutcomeReader.Read expected = ORACLE.read(value, READER);
        OutcomeReader.Read actual;
        try {
            actual = READER.read(value);
        } catch (RuntimeException e) {
            throw new AssertionError("threw on " + abbreviated(value), e);
        }
        assertThat(actual.outcome()).as("outcome of %s (databind: %s, now: %s)", abbreviated(value), expected.problem(),
                actual.problem()).isEqualTo(expected.outcome());
        assertThat(kind(actual.problem())).as("problem with %s (databind: %s, now: %s)", abbreviated(value),
                expected.problem(), actual.problem()).isEqualTo(kind(expected.problem()));
        return actual;
    }

    /** A problem's kind: the part before the first colon for unreadable JSON (databind's wording differs), else all. */
    private static String kind(String problem) {
        return problem == null || !problem.startsWith("not a JSON outcome") ? problem : "not a JSON outcome";
    }

    private static String abbreviated(String value) {
        return value == null || value.length() < 600 ? value : value.substring(0, 600) + "…(" + value.length() + " chars)";
    }
}
