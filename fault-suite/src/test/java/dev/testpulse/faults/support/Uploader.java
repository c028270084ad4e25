package dev.testpulse.faults.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CI job's upload client, as the README tells one to behave: it sends a body and, on 503 or a lost connection,
 * sends the very same body again (same outcomes, same ids) after Retry-After, until ingest answers 202. Any other
 * answer is a test failure. Thread-safe; it counts what happened across all threads that use it.
 */
public final class Uploader {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final long CONNECTION_BACKOFF_MS = 500;

    private final String baseUrl;
    private final String token;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger connectionErrors = new AtomicInteger();

    public Uploader(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** NDJSON outcomes to {@code POST /api/v1/outcomes}, retried until 202. */
    public void postNdjson(String body) {
        post("/api/v1/outcomes", "application/x-ndjson", body, Map.of());
    }

    /** Posts {@code body} until ingest answers 202; returns that answer's body. */
    public String post(String pathAndQuery, String contentType, String body, Map<String, String> headers) {
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            long backoffMs;
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    accepted.incrementAndGet();
                    return response.body();
                }
                if (response.statusCode() != 503) {
                    throw new AssertionError("ingest answered " + response.statusCode() + " to " + pathAndQuery + ": " + response.body());
                }
                unavailable.incrementAndGet();
                backoffMs = TimeUnit.SECONDS.toMillis(response.headers().firstValueAsLong("Retry-After")
                        .orElseThrow(() -> new AssertionError("503 without Retry-After")));
            } catch (IOException e) {
                connectionErrors.incrementAndGet();
                backoffMs = CONNECTION_BACKOFF_MS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while uploading", e);
            }
            backOff(backoffMs);
        }
    }

    // The client's back-off before a retry, as Retry-After asks of any client: not a test waiting for an effect.
    private static void backOff(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    /** Uploads answered 202. */
    public int accepted() {
        return accepted.get();
    }

    /** Answers 503 (each followed by a retry of the same body). */
    public int unavailable() {
        return unavailable.get();
    }

    /** Requests that got no answer at all (each followed by a retry of the same body). */
    public int connectionErrors() {
        return connectionErrors.get();
    }

    public int retries() {
        return unavailable() + connectionErrors();
    }
}
