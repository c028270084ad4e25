package dev.testpulse.analysis.runs;

/** What arrived so far of a run: whether it still runs, its passed and failed (or errored) tests. */
public record RunCounts(boolean running, long passed, long failed) {

    public long executed() {
        return passed + failed;
    }
}
