package dev.testpulse.analysis.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Issue 26: no method over {@value #LIMIT} lines in the two services (and the code they share) without a comment
 * saying why it must be long ({@code // Long: why}, right above it or in its Javadoc), and no file under alerts/ over
 * {@value #LONGEST_FILE} lines. The services' sources are read from this repository's modules, so the check runs with
 * analysis-service's other structure tests.
 */
class MethodLengthTest {

    static final int LIMIT = 30;
    static final int LONGEST_FILE = 200;
    private static final Path ALERTS = Path.of("src/main/java/dev/testpulse/analysis/alerts");
    private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("../ingest-service/src/main/java"),
            Path.of("../service-shared/src/main/java"));

    @Test
    void noMethodIsLongWithoutSayingWhy() throws IOException {
        List<String> unexplained = new ArrayList<>();
        int methods = 0;
        for (Path root : SOURCES) {
            assertThat(root).as("sources of a service").isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (JavaMethods.Method method : JavaMethods.of(Files.readString(file))) {
                        methods++;
                        if (method.lines() > LIMIT && !method.justified()) {
                            unexplained.add(file + ":" + method.firstLine() + " " + method.name() + " (" + method.lines() + " lines)");
                        }
                    }
                }
            }
        }
        assertThat(methods).as("methods read").isGreaterThan(1_000);
        assertThat(unexplained).as("methods over %d lines with no `// Long: why` above them", LIMIT).isEmpty();
    }

    @Test
    void noAlertsFileIsLong() throws IOException {
        try (Stream<Path> files = Files.walk(ALERTS)) {
            List<String> large = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readAllLines(file).size() > LONGEST_FILE) {
                    large.add(file.toString());
                }
            }
            assertThat(large).as("files under alerts/ over %d lines", LONGEST_FILE).isEmpty();
        }
    }

    /** The test of the test: what the reader counts, and what it does not let through. */
    @Test
    void theReaderMeasuresMethodsAndNotWhatIsInsideThem() {
        String body = "        int x = 1;\n".repeat(30);
        String source = """
                package p;

                /** A type. */
                public class A {
                    private final Runnable field = () -> { int y = 2; };
                    static { int z = 3; }

                    @Annotated(value = "{")
                    public int longOne(@Param("(") String a,
                            String b) throws java.io.IOException {
                %s        return x; // }
                    }

                    // Long: one statement that reads best as a whole
                    int explained() {
                %s        String s = \"""
                            { not a brace }
                            \""";
                        return 0;
                    }

                    record R(int a) implements Comparable<R> {
                        R {
                            Runnable r = new Runnable() {
                                public void run() {
                                }
                            };
                        }

                        public int compareTo(R other) {
                            return 0;
                        }
                    }
                }
                """.formatted(body, body);
        List<JavaMethods.Method> methods = JavaMethods.of(source);
        assertThat(methods).extracting(JavaMethods.Method::name).containsExactlyInAnyOrder("longOne", "explained", "R", "compareTo");
        JavaMethods.Method longOne = methods.stream().filter(m -> m.name().equals("longOne")).findFirst().orElseThrow();
        assertThat(longOne.firstLine()).isEqualTo(9);
        assertThat(longOne.lines()).isEqualTo(34);
        assertThat(longOne.justified()).isFalse();
        JavaMethods.Method explained = methods.stream().filter(m -> m.name().equals("explained")).findFirst().orElseThrow();
        assertThat(explained.lines()).isGreaterThan(LIMIT);
        assertThat(explained.justified()).isTrue();
    }
}
