package dev.testpulse.reporter.junit;

import java.nio.file.Path;

/** What the reporter did with the outcomes of one part of the run (a test JVM's launcher session), across its test plans. */
public final class RunSummary {

    private final long sent;
    private final long dropped;
    private final long rejected;
    private final String problem;
    private final long spooled;
    private final Path spoolFile;

    RunSummary(long sent, long dropped, long rejected, String problem, long spooled, Path spoolFile) {
        this.sent = sent;
        this.dropped = dropped;
        this.rejected = rejected;
        this.problem = problem;
        this.spooled = spooled;
        this.spoolFile = spoolFile;
    }

    /** Outcomes not sent by the end of the part, written to {@link #spoolFile()} to be uploaded later. */
    public long spooled() {
        return spooled;
    }

    /** The NDJSON file of unsent outcomes (ready for {@code POST /api/v1/outcomes}); null when there was none. */
    public Path spoolFile() {
        return spoolFile;
    }

    /** Outcomes ingest accepted. */
    public long sent() {
        return sent;
    }

    /** Outcomes lost: the buffer was full, or they could neither be sent nor written to the spool file. */
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
        return sent + " sent, " + spooled + " spooled, " + dropped + " dropped, " + rejected + " rejected" + (problem == null ? "" : " (" + problem + ")");
    }
}
