import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The slowest test classes of a build, from the Surefire and Failsafe XML reports under every module's target/:
 * {@code java .ci/SlowestTests.java [root] [count]}. A single-file program so that CI needs nothing but the JDK.
 * Each report's testsuite element carries the class's wall time (for a @QuarkusTest the boot counts against the
 * first class of its profile).
 */
public class SlowestTests {

    private static final Pattern SUITE = Pattern.compile("<testsuite\\b([^>]*)>");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern TIME = Pattern.compile("\\btime=\"([^\"]*)\"");
    private static final Pattern TESTS = Pattern.compile("\\btests=\"(\\d+)\"");

    record Timed(String module, String kind, String name, double seconds, int tests) {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        List<Timed> timed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path report : files.filter(SlowestTests::isReport).toList()) {
                read(root, report, timed);
            }
        }
        if (timed.isEmpty()) {
            System.out.println("slowest test classes: no Surefire or Failsafe reports under " + root);
            return;
        }
        timed.sort(Comparator.comparingDouble(Timed::seconds).reversed());
        double total = timed.stream().mapToDouble(Timed::seconds).sum();
        System.out.printf(Locale.ROOT, "%nThe %d slowest test classes (of %d, %.0f s in all):%n", Math.min(count, timed.size()), timed.size(), total);
        System.out.printf(Locale.ROOT, "  %8s  %5s  %-8s  %-20s  %s%n", "seconds", "tests", "plugin", "module", "class");
        timed.stream().limit(count).forEach(t -> System.out.printf(Locale.ROOT, "  %8.1f  %5d  %-8s  %-20s  %s%n",
                t.seconds(), t.tests(), t.kind(), t.module(), t.name()));
    }

    private static boolean isReport(Path file) {
        String dir = file.getParent() == null ? "" : file.getParent().getFileName().toString();
        String name = file.getFileName().toString();
        return (dir.equals("surefire-reports") || dir.equals("failsafe-reports")) && name.startsWith("TEST-") && name.endsWith(".xml");
    }

    private static void read(Path root, Path report, List<Timed> timed) throws IOException {
        String text = Files.readString(report);
        Matcher suite = SUITE.matcher(text);
        if (!suite.find()) {
            return;
        }
        String attributes = suite.group(1);
        Matcher name = NAME.matcher(attributes);
        Matcher time = TIME.matcher(attributes);
        Matcher tests = TESTS.matcher(attributes);
        if (!name.find() || !time.find()) {
            return;
        }
        // the module is the directory that holds target/
        Path module = root.relativize(report.getParent().getParent().getParent());
        String kind = report.getParent().getFileName().toString().replace("-reports", "");
        double seconds = Double.parseDouble(time.group(1).replace(",", ""));
        timed.add(new Timed(module.toString().isEmpty() ? "." : module.toString(), kind, name.group(1), seconds,
                tests.find() ? Integer.parseInt(tests.group(1)) : 0));
    }
}
