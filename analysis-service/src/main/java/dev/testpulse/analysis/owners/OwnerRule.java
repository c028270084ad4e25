package dev.testpulse.analysis.owners;

import java.util.List;

/**
 * One CODEOWNERS line: a pattern and the teams that own what it matches. Empty {@code owners} is GitHub's "no owner"
 * line: a later, more specific pattern that takes ownership away.
 *
 * @param line the 1-based line of the uploaded file (or index in the JSON list) it came from, for error messages
 */
public record OwnerRule(int line, String pattern, List<String> owners) {
}
