package dev.testpulse.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.FreePorts;
import dev.testpulse.devstack.ServiceProcess;

/** The packaged service (the prod profile) refuses to start without a strong admin token, and says why. */
class AdminTokenStartupIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @ParameterizedTest(name = "admin token ''{0}'' -> {1}")
    @CsvSource(value = {"'', no admin token", "change-me, well-known", "short-random-9f8e, has 17 characters"})
    void refusesToStartWithAWeakAdminToken(String token, String reason) throws IOException {
        Path log = Path.of("target/it-logs/weak-admin-" + reason.replace(' ', '-') + ".log");
        Files.deleteIfExists(log);
        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", DevStack.shared().kafka().bootstrapServers()));
        if (!token.isEmpty()) {
            config.put("testpulse.admin-token", token);
        }
        assertThatThrownBy(() -> ServiceProcess.start("ingest-service", JAR, FreePorts.next(), config, log, "256m"))
                .hasMessageContaining("exited");
        assertThat(Files.readString(log)).contains("refusing to start: ").contains(reason);
    }

    @Test
    void startsWithAStrongTokenUnderItsOlderName() {
        Map<String, String> config = Map.of("kafka.bootstrap.servers", DevStack.shared().kafka().bootstrapServers(),
                "testpulse.ingest.admin-token", "older-name-4c1f9e2b7d8a6c5e3f0b1a2d9c8e7f6a");
        try (ServiceProcess ingest = ServiceProcess.start("ingest-service", JAR, FreePorts.next(), config,
                Path.of("target/it-logs/alias-admin.log"), "256m")) {
            assertThat(ingest.isAlive()).isTrue();
        }
    }
}
