package dev.testpulse.reporter.junit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Function;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Suite, class and name of a test, independent of the engine: the class and method come from the nearest
 * {@link MethodSource} or {@link ClassSource} up the tree; display names below that (parameterized invocations,
 * repetitions, dynamic tests) are added to the method name, because they alone are not unique within the class.
 */
final class TestName {

    private static final int MAX_SUITE = 500;
    private static final int MAX_CLASS = 500;
    private static final int MAX_NAME = 1000;

    final String suite;
    final String className;
    final String name;

    TestName(String suite, String className, String name) {
        this.suite = Utf8.truncate(suite, MAX_SUITE);
        this.className = Utf8.truncate(className, MAX_CLASS);
        this.name = Utf8.truncate(name, MAX_NAME);
    }

    static TestName of(TestIdentifier test, TestPlan plan) {
        return of(test, TestIdentifier::getSource, TestIdentifier::getDisplayName, plan::getParent);
    }

    /** The same name for a test of the engines' tree, as a discovery filter sees it before there is a plan. */
    static TestName of(TestDescriptor test) {
        return of(test, TestDescriptor::getSource, TestDescriptor::getDisplayName, TestDescriptor::getParent);
    }

    private static <T> TestName of(T test, Function<T, Optional<TestSource>> sourceOf, Function<T, String> displayName,
            Function<T, Optional<T>> parentOf) {
        Deque<T> below = new ArrayDeque<>();
        Optional<T> node = Optional.of(test);
        while (node.isPresent()) {
            T current = node.get();
            TestSource source = sourceOf.apply(current).orElse(null);
            if (source instanceof MethodSource) {
                MethodSource method = (MethodSource) source;
                String display = displayName.apply(current);
                // Jupiter shows a plain method as "name()" or "name(int)": nothing to add then
                boolean plain = display.equals(method.getMethodName()) || display.startsWith(method.getMethodName() + "(");
                StringBuilder name = new StringBuilder(method.getMethodName());
                if (!plain) {
                    name.append(' ').append(display);
                }
                below.forEach(level -> name.append(' ').append(displayName.apply(level)));
                return new TestName(method.getClassName(), method.getClassName(), name.toString());
            }
            if (source instanceof ClassSource) {
                String className = ((ClassSource) source).getClassName();
                StringBuilder name = new StringBuilder();
                below.forEach(level -> name.append(name.length() == 0 ? "" : " ").append(displayName.apply(level)));
                return new TestName(className, className, name.length() == 0 ? displayName.apply(current) : name.toString());
            }
            below.push(current);
            node = parentOf.apply(current);
        }
        String suite = parentOf.apply(test).map(displayName).orElse(displayName.apply(test));
        return new TestName(suite, null, displayName.apply(test));
    }
}
