package dev.testpulse.reporter.junit;

import java.time.Instant;

/** The CI run the tests belong to, as every outcome of this JVM names it. */
public final class RunContext {

    private final String pipeline;
    private final String id;
    private final int attempt;
    private final String job;
    private final String commit;
    private final String branch;
    private final Instant startedAt;
    private final boolean generatedId;
    private final String url;

    /**
     * {@code job}, {@code commit}, {@code branch} and {@code url} (the CI run's page) may be null; {@code generatedId}
     * says no CI named the run.
     */
    RunContext(String pipeline, String id, int attempt, String job, String commit, String branch, Instant startedAt,
            boolean generatedId, String url) {
        this.pipeline = pipeline;
        this.id = id;
        this.attempt = attempt;
        this.job = job;
        this.commit = commit;
        this.branch = branch;
        this.startedAt = startedAt;
        this.generatedId = generatedId;
        this.url = url;
    }

    public String url() {
        return url;
    }

    public String pipeline() {
        return pipeline;
    }

    public String id() {
        return id;
    }

    public int attempt() {
        return attempt;
    }

    public String job() {
        return job;
    }

    public String commit() {
        return commit;
    }

    public String branch() {
        return branch;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean generatedId() {
        return generatedId;
    }

    /** The run as the outcomes carry it; without started_at for the run-finished notice. */
    String json(boolean full) {
        StringBuilder out = new StringBuilder("{\"id\":").append(Json.string(id)).append(",\"attempt\":").append(attempt);
        if (job != null) {
            out.append(",\"job\":").append(Json.string(job));
        }
        if (full) {
            if (commit != null) {
                out.append(",\"commit\":").append(Json.string(commit));
            }
            if (branch != null) {
                out.append(",\"branch\":").append(Json.string(branch));
            }
            out.append(",\"started_at\":").append(Json.string(startedAt.toString()));
            if (url != null) {
                out.append(",\"url\":").append(Json.string(url));
            }
        }
        return out.append('}').toString();
    }

    @Override
    public String toString() {
        return pipeline + "#" + id + "." + attempt + (job == null ? "" : " (" + job + ")");
    }
}
