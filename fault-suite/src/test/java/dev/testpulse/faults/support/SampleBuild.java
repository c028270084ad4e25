package dev.testpulse.faults.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The sample project ({@code fault-suite/sample-build}) built as a user's build would be: a fresh copy, the project's
 * Maven wrapper, offline, with the reporter jar this reactor built on the test classpath and the testpulse settings in
 * the environment. Its Surefire XML reports are what the counts in testpulse must equal.
 */
public final class SampleBuild {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SAMPLES = ROOT.resolve("fault-suite");
    private static final Pattern KEPT = Pattern.compile("upload later with: (.*?); run ");

    private final Path dir;
    private final Path log;
    private Process process;

    private SampleBuild(Path dir) {
        this.dir = dir;
        this.log = dir.resolve("build.log");
    }

    /** A fresh copy of the sample under {@code fault-suite/target/sample-builds/name}. */
    public static SampleBuild copy(String name) {
        return copy("sample-build", name);
    }

    /** A fresh copy of the sample project {@code fault-suite/sample} under {@code fault-suite/target/sample-builds/name}. */
    public static SampleBuild copy(String sample, String name) {
        Path from = SAMPLES.resolve(sample);
        Path dir = ROOT.resolve("fault-suite/target/sample-builds").resolve(name);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    old.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
                }
            }
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(path -> !path.startsWith(from.resolve("target"))).collect(Collectors.toList())) {
                    Path to = dir.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(file, to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SampleBuild(dir);
    }

    /** Starts {@code mvnw -o test} with {@code environment} added to a CI-free copy of this JVM's environment. */
    public SampleBuild start(Map<String, String> environment) {
        Path jar = reporterJar();
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-o", "-B", "-f", dir.resolve("pom.xml").toString(),
                "test", "-Dtestpulse.reporter.jar=" + jar).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the sample's run is named by the test, never by a CI the suite itself may run under
        builder.environment().keySet().removeIf(name -> name.startsWith("GITHUB_") || name.startsWith("CI_") || name.startsWith("BUILDKITE")
                || name.startsWith("CIRCLE") || name.equals("JOB_NAME") || name.startsWith("TESTPULSE_"));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Waits for the build at most {@code millis}: a pace for watching it, not a bound. */
    public void await(long millis) throws InterruptedException {
        process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** Waits for the build (at most 5 minutes) and returns its exit code. */
    public int await() throws InterruptedException {
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the sample build did not end within 5 minutes; see " + log);
        }
        return process.exitValue();
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reporter's summary lines in the build's output: one per test JVM. */
    public List<String> summaryLines() {
        return reporterLines().stream().filter(line -> !line.startsWith("testpulse: quarantine")).collect(Collectors.toList());
    }

    /** The reporter's lines about the quarantine list: what it applied, or why it could not. */
    public List<String> quarantineLines() {
        return reporterLines().stream().filter(line -> line.startsWith("testpulse: quarantine")).collect(Collectors.toList());
    }

    private List<String> reporterLines() {
        return output().lines().filter(line -> line.contains("testpulse: ")).map(line -> line.substring(line.indexOf("testpulse: ")))
                .collect(Collectors.toList());
    }

    /** The upload commands the summary lines name, for what a JVM could not send. */
    public List<String> uploadCommands() {
        List<String> commands = new ArrayList<>();
        for (String line : summaryLines()) {
            Matcher matcher = KEPT.matcher(line);
            if (matcher.find()) {
                commands.add(matcher.group(1));
            }
        }
        return commands;
    }

    public Path dir() {
        return dir;
    }

    /** Executions per Surefire's XML reports: each test case once, plus each flaky or rerun failure before it. */
    public Counts surefireCounts() throws Exception {
        long passed = 0;
        long failed = 0;
        long skipped = 0;
        List<Path> reports;
        try (Stream<Path> files = Files.list(dir.resolve("target/surefire-reports"))) {
            reports = files.filter(path -> path.getFileName().toString().matches("TEST-.*\\.xml")).collect(Collectors.toList());
        }
        for (Path report : reports) {
            NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                boolean failedCase = false;
                boolean skippedCase = false;
                for (Node child = testCase.getFirstChild(); child != null; child = child.getNextSibling()) {
                    String name = child.getNodeName();
                    if (name.equals("flakyFailure") || name.equals("flakyError") || name.equals("rerunFailure") || name.equals("rerunError")) {
                        failed++;
                    } else if (name.equals("failure") || name.equals("error")) {
                        failedCase = true;
                    } else if (name.equals("skipped")) {
                        skippedCase = true;
                    }
                }
                if (failedCase) {
                    failed++;
                } else if (skippedCase) {
                    skipped++;
                } else {
                    passed++;
                }
            }
        }
        return new Counts(passed, failed, skipped);
    }

    private static Path reporterJar() {
        try (Stream<Path> jars = Files.list(ROOT.resolve("reporters/junit-platform/target"))) {
            return jars.filter(path -> path.getFileName().toString().matches("testpulse-junit-platform-reporter-.*\\.jar")
                    && !path.getFileName().toString().contains("sources")).findFirst()
                    .orElseThrow(() -> new AssertionError("the reporter jar is not built: the reactor builds it before this module"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Executions of a build by result: passed, failed or errored (each try), skipped. */
    public record Counts(long passed, long failed, long skipped) {

        public long executions() {
            return passed + failed + skipped;
        }
    }
}
