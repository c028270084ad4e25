package dev.testpulse.analysis.owners;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A project's ownership rules, compiled: who owns a test. As in GitHub's CODEOWNERS the LAST matching rule wins, and a
 * rule without owners leaves what it matches unowned.
 *
 * <p>An outcome carries a suite, a class name, a test name and sometimes a file. A pattern is matched against each of
 * these paths of the test, and a rule matches the test when it matches any of them:
 * <ul>
 * <li>the file, as the reporter sent it (when present);</li>
 * <li>the class name with '.' turned into '/' ({@code com/acme/pay/CardTest}), so directory-style patterns like
 * {@code /com/acme/pay/} or {@code pay/} work on packages, and the class name as sent ({@code com.acme.pay.CardTest}),
 * a single path segment, so {@code com.acme.pay.*} or {@code *IT} work too;</li>
 * <li>the suite the same two ways.</li>
 * </ul>
 * Pattern syntax is gitignore's as CODEOWNERS uses it: {@code *} any run of characters but '/', {@code ?} one such
 * character, {@code **} any run including '/'; a pattern starting with or containing '/' (other than at its end) is
 * anchored at the root, any other matches at any depth; a pattern that matches a directory matches everything under it.
 */
public final class Owners {

    public static final Owners NONE = new Owners(List.of());

    private record Compiled(Glob regex, List<String> owners) {
    }

    private final List<Compiled> rules;

    private Owners(List<Compiled> rules) {
        this.rules = rules;
    }

    public static Owners of(List<OwnerRule> rules) {
        List<Compiled> compiled = new ArrayList<>(rules.size());
        for (OwnerRule rule : rules) {
            compiled.add(new Compiled(regex(rule.pattern()), rule.owners()));
        }
        return new Owners(List.copyOf(compiled));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The owners of the last rule that matches the test, empty when that rule names none, or absent when no rule
     * matches (the summary counts those).
     */
    public Optional<List<String>> of(String suite, String className, String file) {
        List<String> paths = paths(suite, className, file);
        for (int i = rules.size() - 1; i >= 0; i--) {
            Compiled rule = rules.get(i);
            for (String path : paths) {
                if (rule.regex().matches(path)) {
                    return Optional.of(rule.owners());
                }
            }
        }
        return Optional.empty();
    }

    /** The owners of a test, or none (matched by no rule or by one without owners). */
    public List<String> teams(String suite, String className, String file) {
        return of(suite, className, file).orElse(List.of());
    }

    /**
     * The owners of what an alert's labels name, as the {@value #LABEL} label: the test's (its {@code test} label is
     * {@code class.name}, so the class is what comes before the last '.'), else the suite's; none for a project-wide
     * alert. Teams joined with ','; null when no rule gives the series an owner.
     */
    public String label(Map<String, String> labels) {
        String suite = labels.get("suite");
        String test = labels.get("test");
        if (suite == null && test == null) {
            return null;
        }
        String className = test == null || test.lastIndexOf('.') < 0 ? null : test.substring(0, test.lastIndexOf('.'));
        List<String> teams = teams(suite, className, null);
        return teams.isEmpty() ? null : String.join(",", teams);
    }

    /** The event label that carries a series' owning teams. */
    public static final String LABEL = "owners";

    /** Whether an {@value #LABEL} label value names the team. */
    public static boolean names(String label, String team) {
        return label != null && List.of(label.split(",")).contains(team);
    }

    private static List<String> paths(String suite, String className, String file) {
        Set<String> paths = new LinkedHashSet<>();
        if (file != null && !file.isEmpty()) {
            paths.add(file.startsWith("/") ? file.substring(1) : file);
        }
        for (String name : new String[] {className, suite}) {
            if (name != null && !name.isEmpty()) {
                paths.add(name.replace('.', '/'));
                paths.add(name);
            }
        }
        return List.copyOf(paths);
    }

    /**
     * The pattern compiled to a small automaton over characters (see {@link Glob}); matching simulates it state set by
     * state set, so a hostile pattern such as {@code a*a*a*a*b} costs pattern length × path length, never backtracking.
     */
    static Glob regex(String pattern) {
        return Glob.compile(pattern);
    }
}
