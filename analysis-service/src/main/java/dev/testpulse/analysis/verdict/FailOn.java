package dev.testpulse.analysis.verdict;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;

/** The classes of failure that fail the gate ({@code fail_on}): by default only {@code new}. */
public record FailOn(Set<VerdictClass> classes) {

    public static final FailOn DEFAULT = new FailOn(EnumSet.of(VerdictClass.NEW));

    /** @throws ProblemException 400 naming {@code fail_on} for an empty list or an unknown class */
    public static FailOn parse(String text) {
        if (text == null) {
            return DEFAULT;
        }
        Set<VerdictClass> classes = EnumSet.noneOf(VerdictClass.class);
        for (String part : text.split(",", -1)) {
            String wire = part.trim();
            classes.add(VerdictClass.of(wire).orElseThrow(() -> new ProblemException(Problem.badParameter("fail_on",
                    "fail_on is a comma list of new, failing_on_default_branch, known_flaky, quarantined, infra; '"
                            + (wire.length() > 40 ? wire.substring(0, 40) + "…" : wire) + "' is none of them"))));
        }
        return new FailOn(classes);
    }

    public boolean fails(VerdictClass verdict) {
        return classes.contains(verdict);
    }

    /** The classes as the answer lists them, in listing order. */
    public List<String> wire() {
        return classes.stream().sorted((a, b) -> Integer.compare(a.listOrder(), b.listOrder())).map(VerdictClass::wire).toList();
    }
}
