package dev.testpulse.ingest.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * analysis-service's quarantine endpoint as the contract states it, on a free port, for ingest's proxy: a project
 * named {@code down-*} makes it answer 500, {@code slow-*} never answer, {@code other-*} 403; any other project gets a
 * one-test list with ETag {@value #ETAG}, and 304 when it is sent back.
 */
public final class FakeAnalysis implements QuarkusTestResourceLifecycleManager {

    public static final String ETAG = "\"q-7f3a\"";
    /** The Authorization header of each request analysis received. */
    public static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    private HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);

    public static String list(String project) {
        return "{\"project\":\"" + project + "\",\"tests\":[{\"suite\":\"s\",\"class\":\"c\",\"name\":\"n\",\"state\":\"muted\","
                + "\"reason\":\"flaky\",\"by\":\"auto\",\"since\":\"2026-12-01T00:00:00Z\",\"until\":\"2026-12-15T00:00:00Z\"}]}";
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/api/v1/projects/", this::handle);
        server.start();
        // 3 s: only the never-answering slow-* project waits it out; with 500 ms a first request on a busy CI machine
        // (a cold HTTP client and server) timed out and an answering fake read as unreachable
        return Map.of("testpulse.ingest.analysis-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "testpulse.ingest.analysis-timeout", "3s");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String project = exchange.getRequestURI().getPath().split("/")[4];
        AUTHORIZATIONS.add(exchange.getRequestHeaders().getFirst("Authorization"));
        if (project.startsWith("slow-")) {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        if (project.startsWith("down-")) {
            answer(exchange, 500, "text/plain", "boom");
        } else if (project.startsWith("other-")) {
            answer(exchange, 403, "application/problem+json", "{\"status\":403,\"detail\":\"the token is for another project\"}");
        } else if (ETAG.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.getResponseHeaders().add("ETag", ETAG);
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
        } else {
            exchange.getResponseHeaders().add("ETag", ETAG);
            answer(exchange, 200, "application/json", list(project));
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        closing.countDown();
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }
}
