package dev.testpulse.analysis.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The dashboard's pages: {@code /}, {@code /projects/{project}} and {@code /projects/{project}/runs/{run}} all answer the one page in
 * {@code META-INF/resources/dashboard/index.html}, which reads the path and draws the view from the REST API. A Vert.x
 * route rather than a REST resource because the page is no API: it carries no data, so it needs no token (the page's
 * own calls to the API do), and a REST path parameter named project would make the auth filter demand one.
 */
@ApplicationScoped
public class DashboardPages {

    static final String PAGE = "META-INF/resources/dashboard/index.html";
    /** Only our own files and the API: no inline script, no other origin, no framing by another site. */
    static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Buffer page = Buffer.buffer(read(PAGE));

    void routes(@Observes Router router) {
        router.get("/").handler(this::page);
        router.get("/projects/:project").handler(this::page);
        router.get("/projects/:project/runs/:run").handler(this::page);
    }

    private void page(RoutingContext context) {
        context.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-cache")
                .end(page);
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
