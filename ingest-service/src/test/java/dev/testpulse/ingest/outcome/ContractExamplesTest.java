package dev.testpulse.ingest.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.testpulse.ingest.support.OutcomeSchema;

/** The golden examples analysis-service counts must themselves conform to the schema ingest publishes by. */
class ContractExamplesTest {

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(OutcomeSchema.SCHEMAS.resolve("examples"))) {
            return files.sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyGoldenExampleConformsToTheSchema(Path example) throws IOException {
        assertThat(OutcomeSchema.violations(Files.readString(example, StandardCharsets.UTF_8))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theSchemaRefusesAnEmptyOrOverlongJob() throws IOException {
        String passed = Files.readString(OutcomeSchema.SCHEMAS.resolve("examples/passed.json"), StandardCharsets.UTF_8);
        assertThat(passed).contains("\"job\": \"test (ubuntu-latest, 17)\"");
        assertThat(OutcomeSchema.violations(passed.replace("test (ubuntu-latest, 17)", ""))).isNotEmpty();
        assertThat(OutcomeSchema.violations(passed.replace("test (ubuntu-latest, 17)", "j".repeat(201)))).isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void theSchemaTakesAnHttpRunUrlAndRefusesAnyOther() throws IOException {
        String failed = Files.readString(OutcomeSchema.SCHEMAS.resolve("examples/failed.json"), StandardCharsets.UTF_8);
        String url = "https://github.com/acme/webshop/actions/runs/4711";
        assertThat(failed).contains("\"url\": \"" + url + "\"");
        assertThat(OutcomeSchema.violations(failed)).isEmpty();
        assertThat(OutcomeSchema.violations(failed.replace(url, "javascript:alert(1)"))).isNotEmpty();
        assertThat(OutcomeSchema.violations(failed.replace(url, ""))).isNotEmpty();
        assertThat(OutcomeSchema.violations(failed.replace(url, "https://ci.example/" + "u".repeat(2000)))).isNotEmpty();
    }
}
