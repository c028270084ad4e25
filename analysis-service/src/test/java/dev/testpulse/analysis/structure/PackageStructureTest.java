package dev.testpulse.analysis.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of analysis-service's code, read from its sources: the feature packages depend on each other without
 * cycles, and every REST resource lives in {@code api} (one rule, followed everywhere). A package is the first segment
 * under {@code analysis/}, except that {@code alerts} counts as its parts ({@code alerts.rules}, {@code alerts.state},
 * ...), whose direction is drawn in {@code alerts/package-info.java} and checked here.
 */
class PackageStructureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/testpulse/analysis");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.testpulse\\.analysis\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");
    private static final Pattern ROOT_REFERENCE = Pattern.compile("import dev\\.testpulse\\.analysis\\.[A-Z]\\w*;");
    private static final Pattern REST_PATH = Pattern.compile("^@Path\\(", Pattern.MULTILINE);
    private static final String ROOT = "(root)";
    /** The package split into parts: each of its sub-packages is a node of the graph of its own. */
    private static final String SPLIT = "alerts";
    /**
     * The direction of {@code alerts}' parts (alerts/package-info.java): each part and the parts it may use; any other
     * edge among them is a breach.
     */
    private static final Map<String, Set<String>> ALERTS_DIRECTION = Map.of(
            "alerts.state", Set.of(),
            "alerts.rules", Set.of("alerts.state"),
            "alerts.delivery", Set.of("alerts.rules", "alerts.state"),
            "alerts.evaluation", Set.of("alerts.delivery", "alerts.rules", "alerts.state"));

    private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();
    private static final Map<String, String> SOURCE_BY_CLASS = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                Path relative = SOURCES.relativize(file);
                String pkg = relative.getNameCount() == 1 ? ROOT
                        : node(relative.subpath(0, relative.getNameCount() - 1).toString().replace(relative.getFileSystem().getSeparator(), "."));
                String source = read(file);
                SOURCE_BY_CLASS.put(pkg + "/" + file.getFileName(), source);
                Set<String> uses = DEPENDENCIES.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(source);
                while (reference.find()) {
                    String used = node(reference.group(1));
                    if (!used.equals(pkg)) {
                        uses.add(used);
                    }
                }
                if (!pkg.equals(ROOT) && ROOT_REFERENCE.matcher(source).find()) {
                    uses.add(ROOT);
                }
            });
        }
    }

    /** The graph node of a package path (dots): its first segment, or its first two under {@link #SPLIT}. */
    static String node(String packagePath) {
        String[] segments = packagePath.split("\\.");
        return segments[0].equals(SPLIT) && segments.length > 1 ? SPLIT + "." + segments[1] : segments[0];
    }

    @Test
    void featurePackagesHaveNoCycles() {
        assertThat(DEPENDENCIES).as("packages read").hasSizeGreaterThan(10);
        assertThat(cycles()).as("package cycles (strongly connected components) in %s", DEPENDENCIES).isEmpty();
    }

    /**
     * Counting does only counting (issue 25): {@code consume} reaches nothing of {@code alerts}, directly or through
     * another package; what alert evaluation needs of a batch goes through {@code inbox}, which both may use.
     */
    @Test
    void countingDependsOnNothingOfAlerts() {
        assertThat(DEPENDENCIES).containsKeys("consume", "inbox").containsKeys(ALERTS_DIRECTION.keySet().toArray(String[]::new));
        assertThat(reachable("consume", DEPENDENCIES)).as("packages consume reaches, in %s", DEPENDENCIES).contains("inbox")
                .noneMatch(pkg -> pkg.equals(SPLIT) || pkg.startsWith(SPLIT + "."));
    }

    /** The parts of alerts use each other only in the drawn direction; nothing but its package-info is left in alerts itself. */
    @Test
    void alertsPartsFollowTheirDirection() {
        assertThat(SOURCE_BY_CLASS.keySet().stream().filter(name -> name.startsWith(SPLIT + "/"))).containsExactly(SPLIT + "/package-info.java");
        assertThat(directionBreaches(DEPENDENCIES)).as("edges among alerts' parts against the drawn direction").isEmpty();
    }

    @Test
    void theDirectionCheckFindsABreach() {
        Map<String, Set<String>> graph = Map.of("alerts.state", Set.of("alerts.rules", "windows"), "alerts.rules", Set.of("alerts.state"),
                "alerts.delivery", Set.of("alerts.evaluation"), "alerts.evaluation", Set.of("alerts.delivery"));
        assertThat(directionBreaches(graph)).containsExactlyInAnyOrder("alerts.delivery -> alerts.evaluation",
                "alerts.state -> alerts.rules");
        assertThat(node("alerts.rules")).isEqualTo("alerts.rules");
        assertThat(node("windows")).isEqualTo("windows");
    }

    /** The state machine and conditions are pure: no database in alerts.state. */
    @Test
    void alertStateUsesNoDatabase() {
        List<String> sql = SOURCE_BY_CLASS.entrySet().stream()
                .filter(e -> e.getKey().startsWith("alerts.state/") && e.getValue().contains("java.sql"))
                .map(Map.Entry::getKey).toList();
        assertThat(SOURCE_BY_CLASS.keySet()).anyMatch(name -> name.startsWith("alerts.state/"));
        assertThat(sql).as("alerts.state classes using java.sql").isEmpty();
    }

    static List<String> directionBreaches(Map<String, Set<String>> graph) {
        List<String> breaches = new ArrayList<>();
        new TreeMap<>(graph).forEach((from, uses) -> {
            if (from.startsWith(SPLIT + ".")) {
                uses.stream().filter(to -> to.startsWith(SPLIT + ".") && !ALERTS_DIRECTION.getOrDefault(from, Set.of()).contains(to))
                        .map(to -> from + " -> " + to).forEach(breaches::add);
            }
        });
        return breaches;
    }

    @Test
    void reachableFollowsDependenciesTransitively() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "d", Set.of("a"));
        assertThat(reachable("a", graph)).containsExactlyInAnyOrder("b", "c");
    }

    static Set<String> reachable(String from, Map<String, Set<String>> graph) {
        Set<String> seen = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(graph.getOrDefault(from, Set.of()));
        while (!next.isEmpty()) {
            String pkg = next.pop();
            if (seen.add(pkg)) {
                next.addAll(graph.getOrDefault(pkg, Set.of()));
            }
        }
        return seen;
    }

    @Test
    void everyRestResourceLivesInApi() {
        List<String> resources = SOURCE_BY_CLASS.entrySet().stream().filter(e -> REST_PATH.matcher(e.getValue()).find())
                .map(Map.Entry::getKey).toList();
        assertThat(resources).as("classes with @Path").hasSizeGreaterThan(5).allMatch(name -> name.startsWith("api/"));
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(graph)).containsExactly(Set.of("a", "b", "c"));
    }

    private static List<Set<String>> cycles() {
        return cycles(DEPENDENCIES);
    }

    /** Tarjan's strongly connected components of more than one package. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> found = new ArrayList<>();
        for (String node : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
            Deque<String> stack, List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
