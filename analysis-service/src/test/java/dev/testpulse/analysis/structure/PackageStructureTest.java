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
 * cycles, and every REST resource lives in {@code api} (one rule, followed everywhere).
 */
class PackageStructureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/testpulse/analysis");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.testpulse\\.analysis\\.([a-z]+)\\.[A-Z]");
    private static final Pattern ROOT_REFERENCE = Pattern.compile("import dev\\.testpulse\\.analysis\\.[A-Z]\\w*;");
    private static final Pattern REST_PATH = Pattern.compile("^@Path\\(", Pattern.MULTILINE);
    private static final String ROOT = "(root)";

    private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();
    private static final Map<String, String> SOURCE_BY_CLASS = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String pkg = SOURCES.relativize(file).getNameCount() == 1 ? ROOT : SOURCES.relativize(file).getName(0).toString();
                String source = read(file);
                SOURCE_BY_CLASS.put(pkg + "/" + file.getFileName(), source);
                Set<String> uses = DEPENDENCIES.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(source);
                while (reference.find()) {
                    if (!reference.group(1).equals(pkg)) {
                        uses.add(reference.group(1));
                    }
                }
                if (!pkg.equals(ROOT) && ROOT_REFERENCE.matcher(source).find()) {
                    uses.add(ROOT);
                }
            });
        }
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
        assertThat(DEPENDENCIES).containsKeys("consume", "alerts", "inbox");
        assertThat(reachable("consume", DEPENDENCIES)).as("packages consume reaches, in %s", DEPENDENCIES).contains("inbox")
                .doesNotContain("alerts");
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
