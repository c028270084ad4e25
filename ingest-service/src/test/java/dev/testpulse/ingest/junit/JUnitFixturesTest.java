package dev.testpulse.ingest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.outcome.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Parses one realistic report per producer and checks the exact counts listed in
 * {@code junit/expected-counts.csv}, so a regression in any dialect shows up by name.
 */
class JUnitFixturesTest {

    private final JUnitReportParser parser = new JUnitReportParser();

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/junit/expected-counts.csv", numLinesToSkip = 1)
    void parsesProducerReportWithExactCounts(String file, int tests, int passed, int failed, int errors,
                                             int skipped, int flaky, int warnings) throws Exception {
        List<ReportedTest> received = new ArrayList<>();
        ParseSummary summary;
        try (InputStream in = resource(file)) {
            summary = parser.parse(in, file, received::add);
        }

        assertThat(received).as("tests delivered to the sink").hasSize(tests);
        assertThat(summary.tests()).as("tests").isEqualTo(tests);
        assertThat(summary.passed()).as("passed").isEqualTo(passed);
        assertThat(summary.failed()).as("failed").isEqualTo(failed);
        assertThat(summary.errors()).as("errors").isEqualTo(errors);
        assertThat(summary.skipped()).as("skipped").isEqualTo(skipped);
        assertThat(summary.flaky()).as("flaky").isEqualTo(flaky);
        assertThat(summary.warnings()).as("warnings").hasSize(warnings);
        assertThat(received.stream().filter(t -> t.status() == Status.PASSED)).hasSize(passed);
        assertThat(received).allSatisfy(t -> assertThat(t.suite()).isNotBlank());
    }

    @Test
    void everyFixtureHasAnExpectedCountsRow() throws Exception {
        Path directory = Path.of(Objects.requireNonNull(getClass().getResource("/junit/")).toURI());
        List<String> listed = Files.readAllLines(directory.resolve("expected-counts.csv"), StandardCharsets.UTF_8)
                .stream().skip(1).map(line -> line.split(",")[0]).toList();
        try (Stream<Path> files = Files.list(directory)) {
            List<String> fixtures = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(fixtures);
        }
    }

    static InputStream resource(String file) throws IOException {
        InputStream in = JUnitFixturesTest.class.getResourceAsStream("/junit/" + file);
        if (in == null) {
            throw new IOException("missing fixture " + file);
        }
        return in;
    }
}
