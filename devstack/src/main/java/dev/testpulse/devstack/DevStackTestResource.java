package dev.testpulse.devstack;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Wires the JVM's shared {@link DevStack} into {@code @QuarkusTest}s. Stopping is left to the stack's shutdown
 * hook: the broker and database outlive any one Quarkus application so that all test classes share them.
 */
public class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return DevStack.shared().serviceConfig();
    }

    @Override
    public void stop() {
        // shared across test classes; DevStack.shared() registers the JVM shutdown hook that stops it
    }
}
