package dev.testpulse.ingest.api;

import java.util.ArrayList;
import java.util.List;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.Problem.Violation;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;

/** All violations of one upload, counted in full but listed up to a limit: listing thousands helps nobody. */
final class Violations {

    static final int MAX_LISTED = 100;

    private final List<Violation> listed = new ArrayList<>();
    private int count;
    private int invalidOutcomes;

    /** Adds the violations of one outcome (none when it is valid). */
    void add(List<Violation> found) {
        if (found.isEmpty()) {
            return;
        }
        invalidOutcomes++;
        count += found.size();
        found.stream().limit(Math.max(0, MAX_LISTED - listed.size())).forEach(listed::add);
    }

    /** @throws ProblemException 422 listing the violations, when there are any */
    void throwIfAny() {
        if (count == 0) {
            return;
        }
        String detail = "%d outcome(s) invalid with %d problem(s)%s; nothing was published".formatted(invalidOutcomes,
                count, count > listed.size() ? " (first " + listed.size() + " listed)" : "");
        throw new ProblemException(Problem.of(ProblemType.INVALID_OUTCOMES, detail).withErrors(listed));
    }
}
