package dev.testpulse.reporter.junit;

/** What the reporter did with this JVM's outcomes, counted across its test plans. */
public final class RunSummary {

    private final long sent;
    private final long dropped;
    private final long rejected;
    private final String problem;

    RunSummary(long sent, long dropped, long rejected, String problem) {
        this.sent = sent;
        this.dropped = dropped;
        this.rejected = rejected;
        this.problem = problem;
    }

    /** Outcomes ingest accepted. */
    public long sent() {
        return sent;
    }

    /** Outcomes never delivered: the buffer was full, or ingest was unreachable until the flush bound passed. */
    public long dropped() {
        return dropped;
    }

    /** Outcomes ingest refused (a 4xx other than 429): their batches are not sent again. */
    public long rejected() {
        return rejected;
    }

    /** The first refusal or the last delivery problem, as the summary line names it; null when there was none. */
    public String problem() {
        return problem;
    }

    @Override
    public String toString() {
        return sent + " sent, " + dropped + " dropped, " + rejected + " rejected" + (problem == null ? "" : " (" + problem + ")");
    }
}
