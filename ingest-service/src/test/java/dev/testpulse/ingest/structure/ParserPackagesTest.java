package dev.testpulse.ingest.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The report parsers stand side by side: each format's package reads XML through {@code xml} (secure factory, cursor,
 * bounded text) and none reaches into another format's package, so a format can change without touching the others.
 */
class ParserPackagesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/testpulse/ingest");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.testpulse\\.ingest\\.([a-z]+)\\.[A-Z]");

    @ParameterizedTest(name = "{0} uses nothing of {1}")
    @CsvSource({"trx, junit", "junit, trx", "ctrf, junit", "ctrf, trx", "xml, junit", "xml, trx"})
    void formatPackagesAreIndependent(String pkg, String forbidden) {
        assertThat(packagesUsedBy(pkg)).as("packages %s refers to", pkg).isNotEmpty().doesNotContain(forbidden);
    }

    private static List<String> packagesUsedBy(String pkg) {
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            return files.map(ParserPackagesTest::read).flatMap(source -> {
                Matcher reference = REFERENCE.matcher(source);
                return reference.results().map(match -> match.group(1));
            }).filter(used -> !used.equals(pkg)).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
