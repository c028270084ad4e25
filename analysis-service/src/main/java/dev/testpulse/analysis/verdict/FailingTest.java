package dev.testpulse.analysis.verdict;

/**
 * A test whose last try failed (or errored) in the run, in any of the jobs asked about.
 *
 * @param muted  every such failure ran muted (outcome.muted): the build ignored it
 * @param marked the test's tool marked a try of it in the run flaky
 */
public record FailingTest(String suite, String className, String name, String message, boolean muted, boolean marked) {

    /** The test's identity as one string (suite, class, name), for lookups. */
    public String key() {
        return key(suite, className, name);
    }

    static String key(String suite, String className, String name) {
        return suite + "\u0000" + (className == null ? "" : className) + "\u0000" + name;
    }
}
