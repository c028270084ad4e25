package dev.testpulse.reporter.junit;

/**
 * The id of one execution, the same whenever the same execution is described again: a batch re-sent after a 503 or
 * an upload of the spooled file counts once at ingest, while each job, attempt and retry counts on its own.
 */
final class OutcomeId {

    private OutcomeId() {
    }

    static String of(String project, RunContext run, TestName test, int retry) {
        return "jp:" + Hashes.hex(String.join("\0", project, run.pipeline(), run.id(), Integer.toString(run.attempt()),
                run.job() == null ? "" : run.job(), test.suite, test.className == null ? "" : test.className, test.name,
                Integer.toString(retry)), 16);
    }
}
