package dev.testpulse.reporter.junit;

import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Takes the project's skipped tests out of the test plan before anything runs, for every engine: the Launcher
 * registers post-discovery filters found through {@code META-INF/services} by itself, so this needs no configuration
 * at all. The reporter reports each as skipped with the quarantine's reason. Tests that only exist while running
 * (parameterized invocations, dynamic tests) are skipped by {@link QuarantineExtension} instead.
 */
public final class QuarantineFilter implements PostDiscoveryFilter {

    private final ReporterConfig config;

    /** The ServiceLoader's way in: configured like the reporter, and off when it is. */
    public QuarantineFilter() {
        this(ReporterConfig.resolveQuietly(System::getProperty, System.getenv()).orElse(null));
    }

    /** For code that drives a Launcher itself, with the reporter's configuration. */
    public QuarantineFilter(ReporterConfig config) {
        this.config = config;
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (config == null || !descriptor.isTest()) {
            return FilterResult.included(null);
        }
        TestName name;
        try {
            name = TestName.of(descriptor);
        } catch (RuntimeException e) {
            // an engine's odd tree must not fail the discovery: the test runs as without testpulse
            return FilterResult.included(null);
        }
        Optional<QuarantineList.Entry> entry = Quarantine.list(config).of(name);
        if (entry.isEmpty() || entry.get().state != QuarantineList.State.SKIPPED) {
            return FilterResult.included(null);
        }
        String why = entry.get().why();
        Quarantine.skippedAtDiscovery(new Quarantine.Skip(name,
                descriptor.getTags().stream().map(TestTag::getName).sorted().collect(Collectors.toList()), why));
        return FilterResult.excluded(why);
    }
}
