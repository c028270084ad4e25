package dev.testpulse.analysis.owners;

import java.util.List;

/** Who owns one test: {@code matched} false when no rule matches it (the summary's unowned tests). */
public record OwnerMatch(boolean matched, List<String> owners) {
}
