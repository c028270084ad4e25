package dev.testpulse.analysis.owners;

import java.time.Instant;
import java.util.List;

/** A project's ownership rules as the API shows them, in file order (the last matching rule wins). */
public record OwnersView(String project, List<OwnerRule> rules, Instant updatedAt) {
}
