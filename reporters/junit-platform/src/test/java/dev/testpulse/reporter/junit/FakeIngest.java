package dev.testpulse.reporter.junit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A stand-in for ingest-service on a free port that records every request and answers as it is told. */
final class FakeIngest implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The status for a request; may block (it is interrupted when the fake closes). */
    interface Responder {
        int answer(String path, int outcomeRequestIndex) throws InterruptedException;
    }

    record Request(String path, String authorization, String contentType, String body, int status) {

        List<JsonNode> lines() {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : body.split("\n")) {
                lines.add(parse(line));
            }
            return lines;
        }

        JsonNode json() {
            return parse(body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger outcomeRequests = new AtomicInteger();
    // the quarantine list is served apart from the responder: every test reporter asks for it once per session
    private final List<Request> quarantineRequests = new CopyOnWriteArrayList<>();
    private volatile int quarantineStatus = 200;
    private volatile String quarantine = "{\"project\":\"webshop\",\"tests\":[]}";
    private final java.util.concurrent.CountDownLatch quarantineHeld = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean holdQuarantine;

    private FakeIngest(Responder responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, responder));
        server.start();
    }

    /** 202 for outcomes, 404 for the run-finished notice (ingest does not have it yet). */
    static FakeIngest accepting() throws IOException {
        return answering((path, index) -> path.endsWith("/outcomes") ? 202 : 404);
    }

    static FakeIngest answering(Responder responder) throws IOException {
        return new FakeIngest(responder);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves this quarantine list (JSON) from now on. */
    FakeIngest quarantine(String json) {
        this.quarantine = json;
        return this;
    }

    /** Answers the quarantine list with this status, and no body, from now on. */
    FakeIngest quarantineStatus(int status) {
        this.quarantineStatus = status;
        return this;
    }

    /** Never answers the quarantine list (until the fake closes): an ingest that hangs. */
    FakeIngest holdQuarantine() {
        this.holdQuarantine = true;
        return this;
    }

    /** The quarantine list requests, not among {@link #requests()}. */
    List<Request> quarantineRequests() {
        return List.copyOf(quarantineRequests);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> outcomeRequests() {
        return requests.stream().filter(request -> request.path().equals("/api/v1/outcomes")).toList();
    }

    /** Every outcome line of every answered outcome request, accepted or not. */
    List<JsonNode> outcomesReceived() {
        return outcomeRequests().stream().flatMap(request -> request.lines().stream()).toList();
    }

    List<JsonNode> outcomesAccepted() {
        return outcomeRequests().stream().filter(request -> request.status() / 100 == 2)
                .flatMap(request -> request.lines().stream()).toList();
    }

    List<Request> runFinishedNotices() {
        return requests.stream().filter(request -> request.path().equals("/api/v1/runs/finished")).toList();
    }

    private void handle(HttpExchange exchange, Responder responder) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/quarantine")) {
            serveQuarantine(exchange, path, body);
            return;
        }
        int index = path.endsWith("/outcomes") ? outcomeRequests.getAndIncrement() : -1;
        int status;
        try {
            status = responder.answer(path, index);
        } catch (InterruptedException e) {
            exchange.close();
            return;
        }
        requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, status));
        // a body only for refusals, as ingest's problem+json, so the reporter has something to quote
        byte[] problem = status >= 400 && status < 500 ? ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8) : new byte[0];
        exchange.sendResponseHeaders(status, problem.length == 0 ? -1 : problem.length);
        try (var out = exchange.getResponseBody()) {
            out.write(problem);
        }
    }

    private void serveQuarantine(HttpExchange exchange, String path, String body) throws IOException {
        quarantineRequests.add(new Request(path, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, quarantineStatus));
        if (holdQuarantine) {
            try {
                quarantineHeld.await();
            } catch (InterruptedException e) {
                exchange.close();
                return;
            }
        }
        byte[] list = quarantineStatus == 200 ? quarantine.getBytes(StandardCharsets.UTF_8) : new byte[0];
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(quarantineStatus, list.length == 0 ? -1 : list.length);
        try (var out = exchange.getResponseBody()) {
            out.write(list);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
