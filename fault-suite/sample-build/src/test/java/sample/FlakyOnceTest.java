package sample;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Fails the first time per build (no marker in target/ yet) and passes when Surefire runs it again. */
class FlakyOnceTest {

    private static final Path MARKER = Path.of("target", "flaky-once.marker");

    @Test
    void passesTheSecondTime() throws IOException {
        if (!Files.exists(MARKER)) {
            Files.createFile(MARKER);
            fail("the first run of this build fails");
        }
    }
}
