package dev.testpulse.reporter.junit;

import java.util.Map;

/**
 * What the CI's own environment says about the run: GitHub Actions, GitLab CI, Buildkite, CircleCI or Jenkins, the
 * first whose run id is set. Any field may be null; testpulse's own settings override each one.
 */
final class CiRun {

    static final CiRun NONE = new CiRun(null, null, null, null, null, null, null);

    final String pipeline;
    final String id;
    final Integer attempt;
    final String job;
    final String commit;
    final String branch;
    /** The run's (or job's) page in the CI, linked from the test history. */
    final String url;

    private CiRun(String pipeline, String id, Integer attempt, String job, String commit, String branch, String url) {
        this.pipeline = pipeline;
        this.id = id;
        this.attempt = attempt;
        this.job = job;
        this.commit = commit;
        this.branch = branch;
        this.url = url;
    }

    static CiRun detect(Map<String, String> env) {
        if (present(env, "GITHUB_RUN_ID")) {
            // GITHUB_HEAD_REF is set (to the PR's branch) only for pull requests, where GITHUB_REF_NAME is "123/merge"
            return new CiRun(get(env, "GITHUB_WORKFLOW"), get(env, "GITHUB_RUN_ID"), number(env, "GITHUB_RUN_ATTEMPT", 0),
                    get(env, "GITHUB_JOB"), get(env, "GITHUB_SHA"), first(env, "GITHUB_HEAD_REF", "GITHUB_REF_NAME"),
                    githubRunUrl(env));
        }
        if (present(env, "CI_PIPELINE_ID")) {
            return new CiRun(get(env, "CI_PROJECT_PATH"), get(env, "CI_PIPELINE_ID"), 1, get(env, "CI_JOB_NAME"),
                    get(env, "CI_COMMIT_SHA"), get(env, "CI_COMMIT_REF_NAME"), get(env, "CI_JOB_URL"));
        }
        if (present(env, "BUILDKITE_BUILD_ID")) {
            // a step retried by Buildkite keeps the build: its retry count makes it a new attempt
            return new CiRun(get(env, "BUILDKITE_PIPELINE_SLUG"), get(env, "BUILDKITE_BUILD_ID"),
                    number(env, "BUILDKITE_RETRY_COUNT", 1), first(env, "BUILDKITE_LABEL", "BUILDKITE_STEP_KEY"),
                    get(env, "BUILDKITE_COMMIT"), get(env, "BUILDKITE_BRANCH"), get(env, "BUILDKITE_BUILD_URL"));
        }
        if (present(env, "CIRCLE_WORKFLOW_ID")) {
            return new CiRun(get(env, "CIRCLE_PROJECT_REPONAME"), get(env, "CIRCLE_WORKFLOW_ID"), 1, get(env, "CIRCLE_JOB"),
                    get(env, "CIRCLE_SHA1"), get(env, "CIRCLE_BRANCH"), get(env, "CIRCLE_BUILD_URL"));
        }
        // JOB_NAME with the build number: Jenkins' pair (JENKINS_URL is missing where no URL was configured)
        if (present(env, "JOB_NAME") && (present(env, "BUILD_NUMBER") || present(env, "BUILD_ID"))) {
            // STAGE_NAME tells parallel stages apart, as docs/ci.md sends it for the report upload
            return new CiRun(get(env, "JOB_NAME"), first(env, "BUILD_NUMBER", "BUILD_ID"), 1, get(env, "STAGE_NAME"),
                    get(env, "GIT_COMMIT"), first(env, "BRANCH_NAME", "GIT_BRANCH"), get(env, "BUILD_URL"));
        }
        return NONE;
    }

    /** GitHub gives no URL variable: the run's page is server, repository and run id put together. */
    private static String githubRunUrl(Map<String, String> env) {
        String server = get(env, "GITHUB_SERVER_URL");
        String repository = get(env, "GITHUB_REPOSITORY");
        return server == null || repository == null ? null
                : server.replaceAll("/+$", "") + "/" + repository + "/actions/runs/" + get(env, "GITHUB_RUN_ID");
    }

    private static boolean present(Map<String, String> env, String name) {
        return get(env, name) != null;
    }

    private static String get(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String first(Map<String, String> env, String name, String fallback) {
        String value = get(env, name);
        return value != null ? value : get(env, fallback);
    }

    /** The variable plus {@code offset}, or null when it is not a whole number. */
    private static Integer number(Map<String, String> env, String name, int offset) {
        String value = get(env, name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value) + offset;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
