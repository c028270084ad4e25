package dev.testpulse.analysis.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One Quarkus boot per distinct test profile: Quarkus restarts the application for every profile class, so two classes
 * that declare the same configuration cost a boot (with its broker and database wiring) for nothing. Plain JUnit, no
 * boot: it reads the compiled test classes.
 */
class TestProfilesTest {

    /** What a profile changes about the application under test. */
    private record Shape(Map<String, String> overrides, Object alternatives, String configProfile, Object resources, Object tags) {
        static Shape of(QuarkusTestProfile profile) {
            return new Shape(profile.getConfigOverrides(), profile.getEnabledAlternatives(), profile.getConfigProfile(),
                    profile.testResources().stream().map(r -> r.getClazz().getName() + r.getArgs()).toList(), profile.tags());
        }
    }

    @Test
    void noTwoProfileClassesDeclareTheSameConfiguration() throws Exception {
        List<Class<? extends QuarkusTestProfile>> profiles = profileClasses();
        assertThat(profiles).as("profile classes found under test-classes").contains(TokenReads.class);

        Map<Shape, List<String>> byShape = profiles.stream().collect(Collectors.groupingBy(TestProfilesTest::shape,
                Collectors.mapping(Class::getName, Collectors.toList())));
        assertThat(byShape.values()).as("profile classes with the same configuration: use one of them")
                .allSatisfy(names -> assertThat(names).hasSize(1));
    }

    private static Shape shape(Class<? extends QuarkusTestProfile> type) {
        try {
            return Shape.of(type.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a test profile needs a no-argument constructor: " + type.getName(), e);
        }
    }

    private static List<Class<? extends QuarkusTestProfile>> profileClasses() throws IOException, URISyntaxException {
        Path root = Path.of(TokenReads.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", ""))
                    .map(TestProfilesTest::load)
                    .filter(type -> QuarkusTestProfile.class.isAssignableFrom(type) && !type.isInterface()
                            && !Modifier.isAbstract(type.getModifiers()))
                    .<Class<? extends QuarkusTestProfile>>map(type -> type.asSubclass(QuarkusTestProfile.class))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, TestProfilesTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load test class " + name, e);
        }
    }
}
