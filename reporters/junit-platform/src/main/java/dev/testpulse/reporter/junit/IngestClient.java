package dev.testpulse.reporter.junit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The ingest endpoints the reporter calls, with timeouts that keep a hanging ingest from holding the run. */
final class IngestClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_PROBLEM = 500;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final URI outcomes;
    private final URI runStarted;
    private final URI runFinished;
    private final String authorization;
    private final URI base;

    IngestClient(ReporterConfig config) {
        this.base = config.url();
        this.outcomes = outcomesUri(config);
        this.runStarted = URI.create(config.url() + "/api/v1/runs/started");
        this.runFinished = finishedUri(config);
        this.authorization = "Bearer " + config.token();
    }

    static URI outcomesUri(ReporterConfig config) {
        return URI.create(config.url() + "/api/v1/outcomes");
    }

    static URI finishedUri(ReporterConfig config) {
        return URI.create(config.url() + "/api/v1/runs/finished");
    }

    Answer postOutcomes(String ndjson) throws IOException, InterruptedException {
        return post(outcomes, "application/x-ndjson", ndjson, REQUEST_TIMEOUT);
    }

    Answer postRunStarted(String json) throws IOException, InterruptedException {
        return post(runStarted, "application/json", json, REQUEST_TIMEOUT);
    }

    /** Within {@code within} at most, connecting included: the end of a test JVM may only wait that long. */
    Answer postRunFinished(String json, Duration within) throws IOException, InterruptedException {
        return post(runFinished, "application/json", json, within);
    }

    /**
     * The project's quarantine list, within {@code within} at most: ingest passes the request on to analysis, so the
     * reporter needs no second URL. The whole body is kept, not only the start of a problem.
     */
    Answer getQuarantine(String project, Duration within) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(quarantineUri(base, project)).timeout(within)
                .header("Accept", "application/json").header("Authorization", authorization).GET().build();
        return exchange(request, within, Integer.MAX_VALUE);
    }

    static URI quarantineUri(URI base, String project) {
        // the project matched [A-Za-z0-9][A-Za-z0-9._-]* when the configuration was read: nothing to escape
        return URI.create(base + "/api/v1/projects/" + project + "/quarantine");
    }

    private Answer post(URI uri, String contentType, String body, Duration within) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT.compareTo(within) < 0 ? REQUEST_TIMEOUT : within)
                .header("Content-Type", contentType).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return exchange(request, within, MAX_PROBLEM);
    }

    private Answer exchange(HttpRequest request, Duration within, int maxBody) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            // the request timeout starts after connecting; this bound holds for the whole exchange
            HttpResponse<String> response = sent.get(Math.max(1, within.toMillis()), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), maxBody == Integer.MAX_VALUE ? response.body() : Utf8.truncate(response.body(), maxBody));
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new HttpTimeoutException("no answer in time");
        } catch (InterruptedException e) {
            sent.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException(e.getCause() == null ? e : e.getCause());
        }
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

        /** An ingest older than the run notices answers these: nothing to retry, nothing to report. */
        boolean unknownEndpoint() {
            return status == 404 || status == 405;
        }
    }
}
