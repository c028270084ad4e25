package dev.testpulse.analysis.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver for tests (JDK HttpServer on a loopback port): it answers as its {@link Mode} says and records
 * every request it gets: the event id and series, whether the signature verifies, and whether it accepted it.
 */
final class WebhookReceiver implements AutoCloseable {

    enum Mode {
        /** 200 */
        OK,
        /** 500 */
        FAIL,
        /** answers 200 only after the relay's (test) timeout has passed */
        SLOW
    }

    /** One request as received. */
    record Received(String id, String subject, String contentType, boolean signatureValid, Mode answeredAs, String body) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String secret;
    private final long slowMillis;
    private volatile Mode mode = Mode.OK;
    private final java.util.Set<String> failOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final List<Received> received = new CopyOnWriteArrayList<>();

    /** Starts on {@code port} (0: any free one) of the loopback interface. */
    WebhookReceiver(int port, String secret, long slowMillis) throws IOException {
        this.secret = secret;
        this.slowMillis = slowMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/hook", this::handle);
        server.setExecutor(executor); // a slow answer must not hold up the next request
        server.start();
    }

    /** A loopback port that was free a moment ago and on which nothing listens now: connections to it are refused. */
    static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port + "/hook";
    }

    String url() {
        return url(server.getAddress().getPort());
    }

    void mode(Mode next) {
        mode = next;
    }

    /** The next request for this event id gets a 500, whatever the mode. */
    void failOnce(String eventId) {
        failOnce.add(eventId);
    }

    long count(Mode answeredAs) {
        return received.stream().filter(r -> r.answeredAs() == answeredAs).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Mode answer = mode;
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode event = MAPPER.readTree(body);
        if (failOnce.remove(event.path("id").asText())) {
            answer = Mode.FAIL;
        }
        boolean valid = WebhookSignature.verify(secret, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body,
                Instant.now().getEpochSecond(), 300);
        received.add(new Received(event.path("id").asText(), event.path("subject").asText(),
                exchange.getRequestHeaders().getFirst("Content-Type"), valid, answer, body));
        if (answer == Mode.SLOW) {
            try {
                Thread.sleep(slowMillis); // the client has given up by then: a delivery that timed out
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.sendResponseHeaders(answer == Mode.FAIL ? 500 : 200, -1);
        exchange.close();
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
