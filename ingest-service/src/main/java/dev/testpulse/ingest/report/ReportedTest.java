package dev.testpulse.ingest.report;

import dev.testpulse.ingest.outcome.Status;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One execution of one test as found in a report, in a shape shared by every input format.
 * A test that a tool retried yields one instance per execution, told apart by {@code retry}.
 *
 * @param suite      suite path, nested suites joined with {@code " / "}; never null
 * @param className  class or module holding the test, when the format has one
 * @param name       test name; never blank
 * @param file       source file of the test, when known
 * @param line       line of the test in {@code file}, as the tool wrote it
 * @param status     outcome of this execution
 * @param durationMs wall time of this execution, 0 when the report does not say
 * @param failure    why this execution failed or errored; null when it passed or was skipped
 * @param retry      0 for the first execution of the test in the report, then 1, 2, ...
 * @param flaky      the tool flagged the test as flaky: it passed only after failing
 * @param timestamp  when the execution (or its suite) started, when known
 * @param hostname   where the suite ran as the report says (JUnit {@code hostname}); some producers put the matrix
 *                   leg or browser project there
 * @param tags       labels attached to the test, in report order
 * @param properties test-level key/value properties, in report order
 */
public record ReportedTest(
        String suite,
        String className,
        String name,
        String file,
        Integer line,
        Status status,
        long durationMs,
        ReportFailure failure,
        int retry,
        boolean flaky,
        Instant timestamp,
        String hostname,
        List<String> tags,
        Map<String, String> properties) {

    public ReportedTest {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        // Map.copyOf would lose the report order, which people rely on when reading properties.
        properties = properties == null || properties.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
