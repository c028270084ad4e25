package dev.testpulse.reporter.junit;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Where and as what the reporter sends. Each setting {@code testpulse.x.y} comes from the system property of that
 * name, else the environment variable {@code TESTPULSE_X_Y}; the run context then falls back to the CI's own
 * variables ({@link CiRun}).
 */
public final class ReporterConfig {

    private static final Logger LOG = Logger.getLogger(TestpulseReporter.LOGGER);
    // ingest's own pattern: a project it would refuse makes every batch a 422, so the reporter stays off instead
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int MAX_NAME = 200;

    private final URI url;
    private final String token;
    private final String project;
    private final RunContext run;
    private final int batchSize;
    private final Duration batchInterval;
    private final int bufferSize;
    private final Duration flushTimeout;
    private final Path stateDir;
    private final Duration quarantineTimeout;

    private ReporterConfig(URI url, String token, String project, RunContext run, int batchSize, Duration batchInterval,
            int bufferSize, Duration flushTimeout, Path stateDir, Duration quarantineTimeout) {
        this.url = url;
        this.token = token;
        this.project = project;
        this.run = run;
        this.batchSize = batchSize;
        this.batchInterval = batchInterval;
        this.bufferSize = bufferSize;
        this.flushTimeout = flushTimeout;
        this.stateDir = stateDir;
        this.quarantineTimeout = quarantineTimeout;
    }

    /**
     * The configuration, or empty when the reporter must stay off: silently when neither URL nor token is set (the
     * dependency alone does nothing), with one log line when the settings are there but incomplete or unusable.
     */
    public static Optional<ReporterConfig> resolve(Function<String, String> systemProperties, Map<String, String> environment) {
        return resolve(systemProperties, environment, true);
    }

    /** The same, without the log line: for the quarantine filter, which the reporter's own line already covers. */
    static Optional<ReporterConfig> resolveQuietly(Function<String, String> systemProperties, Map<String, String> environment) {
        return resolve(systemProperties, environment, false);
    }

    private static Optional<ReporterConfig> resolve(Function<String, String> systemProperties, Map<String, String> environment,
            boolean explain) {
        Function<String, String> setting = name -> {
            String value = systemProperties.apply(name);
            if (value == null || value.isBlank()) {
                value = environment.get(name.toUpperCase(Locale.ROOT).replace('.', '_'));
            }
            return value == null || value.isBlank() ? null : value.trim();
        };
        String url = setting.apply("testpulse.url");
        String token = setting.apply("testpulse.token");
        if (url == null && token == null) {
            return Optional.empty();
        }
        String project = setting.apply("testpulse.project");
        try {
            require(url != null, "testpulse.url / TESTPULSE_URL is not set");
            require(token != null, "testpulse.token / TESTPULSE_TOKEN is not set");
            require(project != null, "testpulse.project / TESTPULSE_PROJECT is not set (every outcome names its project)");
            require(PROJECT.matcher(project).matches(), "project '" + project + "' is not [A-Za-z0-9][A-Za-z0-9._-]{0,127}");
            URI base = URI.create(url.replaceAll("/+$", ""));
            require("http".equals(base.getScheme()) || "https".equals(base.getScheme()), "testpulse.url is not an http(s) URL: " + url);
            return Optional.of(new ReporterConfig(base, token, project, runContext(setting, environment),
                    positive(setting, "testpulse.batch.size", 200), Duration.ofMillis(positive(setting, "testpulse.batch.millis", 1000)),
                    positive(setting, "testpulse.buffer", 10_000), Duration.ofSeconds(positive(setting, "testpulse.flush.seconds", 1)),
                    stateDir(setting.apply("testpulse.dir")),
                    Duration.ofMillis(positive(setting, "testpulse.quarantine.millis", 2000))));
        } catch (IllegalArgumentException e) {
            if (explain) {
                LOG.warning("testpulse: reporting off, " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    private static RunContext runContext(Function<String, String> setting, Map<String, String> environment) {
        CiRun ci = CiRun.detect(environment);
        String id = or(setting.apply("testpulse.run"), ci.id);
        int attempt = positive(setting, "testpulse.attempt", ci.attempt != null && ci.attempt >= 1 ? ci.attempt : 1);
        return new RunContext(name(or(or(setting.apply("testpulse.pipeline"), ci.pipeline), "default")),
                id != null ? name(id) : UUID.randomUUID().toString(), attempt,
                name(or(setting.apply("testpulse.job"), ci.job)), Utf8.truncate(or(setting.apply("testpulse.commit"), ci.commit), 100),
                Utf8.truncate(or(setting.apply("testpulse.branch"), ci.branch), 250), Instant.now(), id == null,
                runUrl(or(setting.apply("testpulse.run.url"), ci.url)));
    }

    /**
     * Ingest refuses a whole batch over a bad {@code run.url}, so one that is not an absolute http(s) URL of at most
     * 2,000 bytes is left out here: the outcomes matter more than the link.
     */
    static String runUrl(String url) {
        if (url == null || url.isBlank() || url.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 2000) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null
                    ? uri.toString() : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /**
     * Where the JVMs of one build share what they know (the retry ledger, ingest found unreachable) and leave what
     * they could not send: the build directory of the module under test, which is the test JVM's working directory
     * under Surefire and Gradle ({@code target/}, else {@code build/}); elsewhere the temporary directory.
     */
    private static Path stateDir(String configured) {
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (String buildDir : new String[] {"target", "build"}) {
            if (Files.isDirectory(Path.of(buildDir))) {
                return Path.of(buildDir, "testpulse").toAbsolutePath();
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "testpulse").toAbsolutePath();
    }

    private static int positive(Function<String, String> setting, String name, int fallback) {
        String value = setting.apply(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            require(number > 0, name + " is not a positive whole number: " + value);
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a positive whole number: " + value, e);
        }
    }

    private static String name(String value) {
        return Utf8.truncate(value, MAX_NAME);
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    URI url() {
        return url;
    }

    String token() {
        return token;
    }

    String project() {
        return project;
    }

    /** The run every outcome of this configuration is sent under. */
    public RunContext run() {
        return run;
    }

    int batchSize() {
        return batchSize;
    }

    Duration batchInterval() {
        return batchInterval;
    }

    int bufferSize() {
        return bufferSize;
    }

    Duration flushTimeout() {
        return flushTimeout;
    }

    /** How long a test JVM waits at most for the project's quarantine list before it runs every test normally. */
    Duration quarantineTimeout() {
        return quarantineTimeout;
    }

    /** The directory the JVMs of one build share: retry ledger, unreachable mark, unsent outcomes. */
    Path stateDir() {
        return stateDir;
    }
}
