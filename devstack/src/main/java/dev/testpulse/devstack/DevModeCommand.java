package dev.testpulse.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Maven arguments that run one service in Quarkus dev mode from the repository root, against a running Kafka and
 * PostgreSQL: what the local run prints and what the dev-mode test runs, so the two cannot drift apart.
 */
public final class DevModeCommand {

    public static final String INGEST = "ingest-service";
    public static final String ANALYSIS = "analysis-service";

    private DevModeCommand() {
    }

    /**
     * {@code quarkus:dev} on the service, built with the library modules it uses ({@code -am}: nothing is installed
     * in the local repository). analysis-service's end-to-end tests need ingest-service built first, so {@code -am}
     * alone would bring ingest-service in, and quarkus:dev would start that one and block: {@code -ingest-service}
     * leaves it out (Maven refuses to leave out a module the selection does not hold, so ingest-service gets none).
     * Then {@code config} as system properties, sorted.
     */
    public static List<String> mavenArguments(String service, Map<String, String> config) {
        String selection = switch (service) {
            case INGEST -> INGEST;
            case ANALYSIS -> ANALYSIS + ",-" + INGEST;
            default -> throw new IllegalArgumentException("no such service: " + service);
        };
        List<String> arguments = new ArrayList<>(List.of("quarkus:dev", "-pl", selection, "-am"));
        config.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> arguments.add("-D" + entry.getKey() + "=" + entry.getValue()));
        return arguments;
    }
}
