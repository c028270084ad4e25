package dev.testpulse.analysis.insights;

import java.util.List;

/**
 * A project's settings: its default branch (flaky-test alerts watch it) and tests it names critical besides those
 * tagged so, as test keys {@code Class#name} ({@code #name} when the test has no class).
 */
public record ProjectSettings(String defaultBranch, List<String> criticalTests) {

    public static final ProjectSettings DEFAULTS = new ProjectSettings("main", List.of());
}
