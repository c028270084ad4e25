package dev.testpulse.analysis.support;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import io.restassured.RestAssured;

/**
 * A client of {@code GET /api/v1/alerts/stream}: the events (id and data) it received, as they arrive. Opening does not
 * wait for the response, so a test can open streams a server is slow to answer.
 */
public final class AlertStream implements AutoCloseable {

    /** One SSE event: its id and its data line. */
    public record Event(String id, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    private AlertStream(HttpRequest request) {
        response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            String[] id = {null};
            try {
                answer.body().forEach(line -> {
                    if (line.startsWith("id:")) {
                        id[0] = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        events.add(new Event(id[0], line.substring(5).trim()));
                        id[0] = null;
                    }
                });
            } catch (UncheckedIOException closed) {
                // closed by the test or at shutdown
            }
        });
    }

    /** Opens the stream of {@code project} (all projects when null), with a Last-Event-ID when not null. */
    public static AlertStream open(String project, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/api/v1/alerts/stream" + (project == null ? "" : "?project=" + project))).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new AlertStream(request.build());
    }

    /** Opens the stream with a query string (e.g. {@code project=p&owner=%40team}), as sent. */
    public static AlertStream query(String query) {
        return new AlertStream(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/api/v1/alerts/stream?" + query)).header("Accept", "text/event-stream").build());
    }

    /** The first event received (so far or within 30 s) that is {@code wanted}. */
    public Event next(Predicate<Event> wanted) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().filter(wanted).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    /** Waits (at most 30 s) for the response's status line and headers: the stream is subscribed. */
    public int status() throws Exception {
        return response.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode();
    }

    @Override
    public void close() {
        response.cancel(true);
        if (response.isDone() && !response.isCompletedExceptionally()) {
            response.join().body().close();
        }
    }
}
