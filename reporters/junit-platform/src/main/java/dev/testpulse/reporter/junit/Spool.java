package dev.testpulse.reporter.junit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What a part could not send, kept in the build directory instead of being dropped: its outcomes as NDJSON that
 * {@code POST /api/v1/outcomes} takes as it is (each with its id, so an upload counts once however often it is
 * made), and its run-finished notice; plus the {@code curl} line that uploads them.
 */
final class Spool {

    private final ReporterConfig config;
    private final String part;

    Spool(ReporterConfig config, String part) {
        this.config = config;
        this.part = part;
    }

    Path outcomesFile() {
        return config.stateDir().resolve("unsent-" + part + ".ndjson");
    }

    Path noticeFile() {
        return config.stateDir().resolve("unsent-" + part + ".finished.json");
    }

    /** Appends the outcomes (a part may end more than once only through a bug: appending loses nothing then). */
    Path writeOutcomes(List<String> ndjsonLines) throws IOException {
        Files.createDirectories(config.stateDir());
        StringBuilder text = new StringBuilder();
        ndjsonLines.forEach(line -> text.append(line).append('\n'));
        Files.write(outcomesFile(), text.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return outcomesFile();
    }

    Path writeNotice(String json) throws IOException {
        Files.createDirectories(config.stateDir());
        Files.write(noticeFile(), json.getBytes(StandardCharsets.UTF_8));
        return noticeFile();
    }

    /** The shell line that uploads what was written: outcomes first, so the finished notice never comes before them. */
    String uploadCommand(boolean outcomes, boolean notice) {
        StringBuilder line = new StringBuilder();
        if (outcomes) {
            line.append(curl("application/x-ndjson", outcomesFile(), IngestClient.outcomesUri(config).toString()));
        }
        if (notice) {
            line.append(outcomes ? " && " : "").append(curl("application/json", noticeFile(), IngestClient.finishedUri(config).toString()));
        }
        return line.toString();
    }

    private static String curl(String contentType, Path file, String url) {
        // the token stays in the environment: the line is printed to build logs
        return "curl -fsS -H \"Authorization: Bearer $TESTPULSE_TOKEN\" -H 'Content-Type: " + contentType + "' --data-binary @'"
                + file + "' '" + url + "'";
    }
}
