package dev.testpulse.analysis.windows;

/**
 * One aggregated series: a project's suite, or one test in it ({@code testKey} = class + '#' + name; empty for the
 * suite as a whole), on one branch (empty when the outcome named none).
 */
public record SeriesKey(String project, String branch, String suite, String testKey) {

    public static final String SUITE = "";
    public static final String NO_BRANCH = "";

    public static String testKey(String className, String name) {
        return (className == null ? "" : className) + "#" + name;
    }

    public SeriesKey suiteLevel() {
        return new SeriesKey(project, branch, suite, SUITE);
    }
}
