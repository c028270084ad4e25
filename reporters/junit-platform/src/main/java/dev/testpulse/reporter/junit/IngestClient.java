package dev.testpulse.reporter.junit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The two ingest endpoints the reporter calls, with timeouts that keep a hanging ingest from holding the run. */
final class IngestClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_PROBLEM = 500;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final URI outcomes;
    private final URI runFinished;
    private final String authorization;

    IngestClient(ReporterConfig config) {
        this.outcomes = URI.create(config.url() + "/api/v1/outcomes");
        this.runFinished = URI.create(config.url() + "/api/v1/runs/finished");
        this.authorization = "Bearer " + config.token();
    }

    Answer postOutcomes(String ndjson) throws IOException, InterruptedException {
        return post(outcomes, "application/x-ndjson", ndjson);
    }

    Answer postRunFinished(String json) throws IOException, InterruptedException {
        return post(runFinished, "application/json", json);
    }

    private Answer post(URI uri, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), Utf8.truncate(response.body(), MAX_PROBLEM));
    }

    /** Status and (truncated) body of one answer. */
    static final class Answer {

        final int status;
        final String body;

        Answer(int status, String body) {
            this.status = status;
            this.body = body;
        }

        boolean accepted() {
            return status >= 200 && status < 300;
        }

        /** Worth sending again: ingest is overloaded, Kafka is away, or a proxy in between is. */
        boolean worthRetrying() {
            return status == 429 || status >= 500;
        }
    }
}
