package dev.testpulse.reporter.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Where the settings and the run context come from: properties, then TESTPULSE_*, then the CI's own variables. */
class ReporterConfigTest {

    private static final Function<String, String> CONNECTION = Map.of("testpulse.url", "http://ingest:8080/",
            "testpulse.token", "tp_secret", "testpulse.project", "webshop")::get;

    /** Expected run: pipeline, id, attempt, job, commit, branch. */
    static Stream<Arguments> ciEnvironments() {
        return Stream.of(
                Arguments.of("GitHub Actions", Map.of("GITHUB_RUN_ID", "9001", "GITHUB_RUN_ATTEMPT", "3", "GITHUB_JOB", "test",
                        "GITHUB_SHA", "a1b2", "GITHUB_REF_NAME", "main", "GITHUB_WORKFLOW", "CI"),
                        List.of("CI", "9001", 3, "test", "a1b2", "main")),
                Arguments.of("GitHub Actions pull request", Map.of("GITHUB_RUN_ID", "9002", "GITHUB_RUN_ATTEMPT", "1", "GITHUB_JOB", "test",
                        "GITHUB_SHA", "c3d4", "GITHUB_REF_NAME", "17/merge", "GITHUB_HEAD_REF", "feature/login", "GITHUB_WORKFLOW", "CI"),
                        List.of("CI", "9002", 1, "test", "c3d4", "feature/login")),
                Arguments.of("GitLab CI", Map.of("CI_PIPELINE_ID", "777", "CI_JOB_NAME", "test 1/3", "CI_COMMIT_SHA", "e5f6",
                        "CI_COMMIT_REF_NAME", "develop", "CI_PROJECT_PATH", "shop/webshop"),
                        List.of("shop/webshop", "777", 1, "test 1/3", "e5f6", "develop")),
                Arguments.of("Jenkins multibranch", Map.of("BUILD_NUMBER", "55", "BUILD_ID", "55", "JOB_NAME", "webshop/main",
                        "GIT_COMMIT", "0a0b", "BRANCH_NAME", "main", "GIT_BRANCH", "origin/main", "STAGE_NAME", "linux"),
                        List.of("webshop/main", "55", 1, "linux", "0a0b", "main")),
                Arguments.of("Jenkins freestyle", Map.of("BUILD_ID", "56", "JOB_NAME", "webshop", "GIT_COMMIT", "0c0d",
                        "GIT_BRANCH", "origin/main"),
                        Arrays.asList("webshop", "56", 1, null, "0c0d", "origin/main")),
                Arguments.of("Buildkite retried step", Map.of("BUILDKITE_BUILD_ID", "0190-bk", "BUILDKITE_RETRY_COUNT", "2",
                        "BUILDKITE_LABEL", ":java: test", "BUILDKITE_STEP_KEY", "tests", "BUILDKITE_COMMIT", "1e1f",
                        "BUILDKITE_BRANCH", "main", "BUILDKITE_PIPELINE_SLUG", "webshop"),
                        List.of("webshop", "0190-bk", 3, ":java: test", "1e1f", "main")),
                Arguments.of("Buildkite first try without label", Map.of("BUILDKITE_BUILD_ID", "0191-bk", "BUILDKITE_STEP_KEY", "tests",
                        "BUILDKITE_COMMIT", "2a2b", "BUILDKITE_BRANCH", "release", "BUILDKITE_PIPELINE_SLUG", "webshop"),
                        List.of("webshop", "0191-bk", 1, "tests", "2a2b", "release")),
                Arguments.of("CircleCI", Map.of("CIRCLE_WORKFLOW_ID", "wf-1", "CIRCLE_JOB", "build", "CIRCLE_SHA1", "3c3d",
                        "CIRCLE_BRANCH", "main", "CIRCLE_PROJECT_REPONAME", "webshop"),
                        List.of("webshop", "wf-1", 1, "build", "3c3d", "main")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciEnvironments")
    void theCiEnvironmentNamesTheRun(String ci, Map<String, String> env, List<Object> expected) {
        RunContext run = ReporterConfig.resolve(CONNECTION, env).orElseThrow().run();

        assertThat(Arrays.asList(run.pipeline(), run.id(), run.attempt(), run.job(), run.commit(), run.branch())).isEqualTo(expected);
        assertThat(run.generatedId()).isFalse();
    }

    /** Expected run.url from each CI's own variables. */
    static Stream<Arguments> ciRunUrls() {
        return Stream.of(
                Arguments.of("GitHub Actions", Map.of("GITHUB_RUN_ID", "9001", "GITHUB_SERVER_URL", "https://github.com",
                        "GITHUB_REPOSITORY", "acme/webshop"), "https://github.com/acme/webshop/actions/runs/9001"),
                Arguments.of("GitHub Actions without repository", Map.of("GITHUB_RUN_ID", "9001"), null),
                Arguments.of("GitLab CI", Map.of("CI_PIPELINE_ID", "777", "CI_JOB_URL", "https://gitlab.example/shop/-/jobs/31"),
                        "https://gitlab.example/shop/-/jobs/31"),
                Arguments.of("Jenkins", Map.of("BUILD_NUMBER", "55", "JOB_NAME", "webshop", "BUILD_URL", "https://ci.example/job/webshop/55/"),
                        "https://ci.example/job/webshop/55/"),
                Arguments.of("Buildkite", Map.of("BUILDKITE_BUILD_ID", "0190-bk", "BUILDKITE_BUILD_URL", "https://buildkite.com/acme/webshop/builds/8"),
                        "https://buildkite.com/acme/webshop/builds/8"),
                Arguments.of("CircleCI", Map.of("CIRCLE_WORKFLOW_ID", "wf-1", "CIRCLE_BUILD_URL", "https://circleci.com/gh/acme/webshop/12"),
                        "https://circleci.com/gh/acme/webshop/12"),
                Arguments.of("TESTPULSE_RUN_URL over the CI's", Map.of("CI_PIPELINE_ID", "777", "CI_JOB_URL", "https://gitlab.example/j/1",
                        "TESTPULSE_RUN_URL", "https://ci.internal/run/1"), "https://ci.internal/run/1"),
                Arguments.of("not http: left out, not sent to be refused", Map.of("CI_PIPELINE_ID", "777", "CI_JOB_URL", "javascript:alert(1)"),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciRunUrls")
    void theCiEnvironmentLinksTheRun(String ci, Map<String, String> env, String expected) {
        RunContext run = ReporterConfig.resolve(CONNECTION, env).orElseThrow().run();

        assertThat(run.url()).isEqualTo(expected);
        if (expected != null) {
            assertThat(run.json(true)).contains("\"url\":\"" + expected + "\"");
        } else {
            assertThat(run.json(true)).doesNotContain("\"url\"");
        }
    }

    @Test
    void systemPropertiesComeBeforeTestpulseVariablesWhichComeBeforeTheCisOwn() {
        Map<String, String> properties = new HashMap<>(Map.of("testpulse.run", "from-property"));
        Map<String, String> env = Map.of("TESTPULSE_URL", "http://ingest", "TESTPULSE_TOKEN", "tp_secret", "TESTPULSE_PROJECT", "webshop",
                "TESTPULSE_RUN", "from-variable", "TESTPULSE_JOB", "leg-2 (java 21)", "TESTPULSE_BATCH_SIZE", "50",
                "GITHUB_RUN_ID", "9001", "GITHUB_JOB", "test", "GITHUB_SHA", "a1b2");

        ReporterConfig config = ReporterConfig.resolve(properties::get, env).orElseThrow();

        assertThat(config.run().id()).isEqualTo("from-property");
        assertThat(config.run().job()).isEqualTo("leg-2 (java 21)");
        assertThat(config.run().commit()).isEqualTo("a1b2");
        assertThat(config.batchSize()).isEqualTo(50);
        properties.remove("testpulse.run");
        assertThat(ReporterConfig.resolve(properties::get, env).orElseThrow().run().id()).isEqualTo("from-variable");
    }

    @Test
    void withoutARunIdTheJvmGetsItsOwn() {
        ReporterConfig config = ReporterConfig.resolve(CONNECTION, Map.of()).orElseThrow();

        assertThat(UUID.fromString(config.run().id())).isNotNull();
        assertThat(config.run().generatedId()).isTrue();
        assertThat(Arrays.asList(config.run().pipeline(), config.run().attempt(), config.run().job())).containsExactly("default", 1, null);
        assertThat(Arrays.asList(config.batchSize(), config.batchInterval().toMillis(), config.bufferSize(), config.flushTimeout().toSeconds()))
                .containsExactly(200, 1000L, 10_000, 1L);
        assertThat(config.url()).hasToString("http://ingest:8080");
    }

    @ParameterizedTest
    @MethodSource("unusableSettings")
    void unusableSettingsTurnReportingOffWithOneLine(Map<String, String> settings, String problem) {
        try (LogCapture log = new LogCapture()) {
            assertThat(ReporterConfig.resolve(settings::get, Map.of())).isEmpty();
            assertThat(log.records()).extracting(LogRecord::getMessage).containsExactly("testpulse: reporting off, " + problem);
        }
    }

    static Stream<Arguments> unusableSettings() {
        return Stream.of(
                Arguments.of(Map.of("testpulse.token", "tp_secret", "testpulse.project", "webshop"), "testpulse.url / TESTPULSE_URL is not set"),
                Arguments.of(Map.of("testpulse.url", "http://ingest", "testpulse.token", "tp_secret"),
                        "testpulse.project / TESTPULSE_PROJECT is not set (every outcome names its project)"),
                Arguments.of(Map.of("testpulse.url", "http://ingest", "testpulse.token", "tp_secret", "testpulse.project", "web shop"),
                        "project 'web shop' is not [A-Za-z0-9][A-Za-z0-9._-]{0,127}"),
                Arguments.of(Map.of("testpulse.url", "ingest:8080", "testpulse.token", "tp_secret", "testpulse.project", "webshop"),
                        "testpulse.url is not an http(s) URL: ingest:8080"),
                Arguments.of(Map.of("testpulse.url", "http://ingest", "testpulse.token", "tp_secret", "testpulse.project", "webshop",
                        "testpulse.batch.size", "0"), "testpulse.batch.size is not a positive whole number: 0"));
    }
}
