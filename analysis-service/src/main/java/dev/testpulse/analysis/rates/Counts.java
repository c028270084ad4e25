package dev.testpulse.analysis.rates;

/** How many executions ended in each status. Skipped executions are counted but never enter the success rate. */
public record Counts(long passed, long failed, long error, long skipped) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    public static Counts of(String status) {
        return switch (status) {
            case "passed" -> new Counts(1, 0, 0, 0);
            case "failed" -> new Counts(0, 1, 0, 0);
            case "error" -> new Counts(0, 0, 1, 0);
            case "skipped" -> new Counts(0, 0, 0, 1);
            default -> throw new IllegalArgumentException("unknown status " + status);
        };
    }

    public Counts plus(Counts other) {
        return new Counts(passed + other.passed, failed + other.failed, error + other.error, skipped + other.skipped);
    }

    /** Executions that count toward the rate: passed + failed + error. */
    public long executed() {
        return passed + failed + error;
    }

    public long total() {
        return executed() + skipped;
    }
}
