package dev.testpulse.faults.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Server-Sent Events subscriber as a browser's EventSource behaves: it reads {@code text/event-stream} on its own
 * thread, remembers the last {@code id:} it saw and, when the connection breaks (the instance was killed), connects
 * again and again with {@code Last-Event-ID} until the instance answers. Everything it received is kept, with the
 * connection it came on, for the test to compare with the topic.
 */
public final class SseClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECONNECT_MS = 250;

    /**
     * One event as received: on which connection (1 = the first), its SSE {@code id:} (null without one) and what its
     * data says (the CloudEvent's id and project; null when the data is not a CloudEvent).
     */
    public record Received(int connection, String sseId, String eventId, String project) {
    }

    /** A connection that answered 200: its number (from 1), when ({@link System#nanoTime()}), and the Last-Event-ID it sent. */
    public record Connection(int number, long openedAtNanos, String lastEventIdSent) {
    }

    private final String url;
    private final Thread reader;
    private final List<Received> received = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private volatile boolean closed;
    private volatile InputStream body;
    private String lastEventId;

    private SseClient(String url) {
        this.url = url;
        this.reader = new Thread(this::readForever, "sse " + url);
        reader.setDaemon(true);
    }

    /** Subscribes to {@code baseUrl + pathAndQuery} and keeps subscribing until closed. */
    public static SseClient subscribe(String baseUrl, String pathAndQuery) {
        SseClient client = new SseClient(baseUrl + pathAndQuery);
        client.reader.start();
        return client;
    }

    /** How many connections answered 200 so far (1 while the first one lasts). */
    public synchronized int connections() {
        return connections.size();
    }

    /** Every connection that answered 200, in order. */
    public synchronized List<Connection> connectionLog() {
        return List.copyOf(connections);
    }

    /** Everything received, in arrival order. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The {@code Last-Event-ID} sent with each reconnection that answered 200 (null where none had been seen). */
    public synchronized List<String> lastEventIdsSent() {
        List<String> sent = new ArrayList<>();
        connections.stream().skip(1).forEach(connection -> sent.add(connection.lastEventIdSent()));
        return Collections.unmodifiableList(sent); // may hold nulls
    }

    private void readForever() {
        while (!closed) {
            try {
                readOnce();
            } catch (IOException brokenOrRefused) {
                // the instance is gone or not listening yet: connect again, as EventSource does
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                reconnectPause();
            }
        }
    }

    private void readOnce() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
        String resumeFrom;
        synchronized (this) {
            resumeFrom = lastEventId;
        }
        if (resumeFrom != null) {
            request.header("Last-Event-ID", resumeFrom);
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream stream = response.body()) {
            if (response.statusCode() != 200) {
                return;
            }
            int connection;
            synchronized (this) {
                connection = connections.size() + 1;
                connections.add(new Connection(connection, System.nanoTime(), resumeFrom));
            }
            body = stream;
            read(new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)), connection);
        }
    }

    /** The event-stream format: fields until a blank line, which dispatches the event; comments start with ':'. */
    private void read(BufferedReader lines, int connection) throws IOException {
        String id = null;
        StringBuilder data = null;
        for (String line = lines.readLine(); line != null && !closed; line = lines.readLine()) {
            if (line.isEmpty()) {
                if (data != null) {
                    dispatch(connection, id, data.toString());
                }
                id = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            value = value.startsWith(" ") ? value.substring(1) : value;
            if (field.equals("id")) {
                id = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
    }

    private void dispatch(int connection, String id, String data) {
        String eventId = null;
        String project = null;
        try {
            JsonNode event = JSON.readTree(data);
            eventId = event.path("id").asText(null);
            project = event.path("data").path("project").asText(null);
        } catch (IOException notJson) {
            // kept with null fields: the test reports it as an event it could not match
        }
        synchronized (this) {
            received.add(new Received(connection, id, eventId, project));
            if (id != null) {
                lastEventId = id;
            }
        }
    }

    // A reconnecting client's pause between attempts (EventSource's retry), not a test waiting for an effect.
    private static void reconnectPause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RECONNECT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        InputStream open = body;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing only to end the read
            }
        }
    }
}
