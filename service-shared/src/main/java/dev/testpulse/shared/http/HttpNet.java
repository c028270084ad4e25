package dev.testpulse.shared.http;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The first route of every request, for what would otherwise be refused below the REST layer with an empty answer
 * (or fail inside it): a request line longer than {@value #MAX_REQUEST_LINE} characters is a 414, a declared body past
 * the server's hard limit ({@code quarkus.http.limits.max-body-size}) a 413, a multipart body without a boundary a 400,
 * all as problem+json before a byte of the body is read.
 *
 * <p>Three refusals happen where no application code can answer, and stay bare (status right, empty body, connection
 * closed): a request line past the HTTP codec's limit ({@code quarkus.http.limits.max-initial-line-length}, set far
 * above {@value #MAX_REQUEST_LINE} so that ordinary over-long lines do reach this route) is a 414 from the codec; a
 * path that does not decode ({@code %zz}) a 400 from Quarkus' root handler; a chunked body (no Content-Length) that
 * outgrows the hard limit a 413 from Quarkus REST's body reader, which ends the response itself. Quarkus offers no
 * hook for any of them (quarkusio/quarkus#55082).
 */
@ApplicationScoped
public class HttpNet {

    /** Longer request lines are refused; the services' longest real URL (a report upload's run context) is far shorter. */
    static final int MAX_REQUEST_LINE = 8192;

    void install(@Observes Router router) {
        long limit = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
        router.route().order(Integer.MIN_VALUE).handler(context -> check(context, limit));
    }

    private static void check(RoutingContext context, long limit) {
        String uri = context.request().uri();
        if (uri != null && uri.length() > MAX_REQUEST_LINE) {
            refuse(context, 414, "urn:testpulse:problem:uri-too-long", "Request URI too long",
                    "the request URI may be at most " + MAX_REQUEST_LINE + " characters");
            return;
        }
        String length = context.request().getHeader("Content-Length");
        if (length != null && !length.isEmpty() && length.chars().allMatch(Character::isDigit)
                && (length.length() > 18 || Long.parseLong(length) > limit)) {
            refuse(context, 413, "urn:testpulse:problem:payload-too-large", "Request body too large", "the body may hold at most " + limit + " bytes");
            return;
        }
        String type = context.request().getHeader("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/") && !hasBoundary(type)) {
            refuse(context, 400, "urn:testpulse:problem:malformed-body", "Malformed request body", "a multipart body needs a boundary in its Content-Type");
            return;
        }
        context.next();
    }

    static boolean hasBoundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("boundary")) {
                String value = pair[1].trim();
                if (value.startsWith("\"")) {
                    value = value.length() >= 2 && value.endsWith("\"") ? value.substring(1, value.length() - 1) : "";
                }
                return !value.isEmpty();
            }
        }
        return false;
    }

    private static void refuse(RoutingContext context, int status, String type, String title, String detail) {
        String body = "{\"type\":\"%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}".formatted(type, title, status, detail);
        context.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .putHeader("Connection", "close").end(body);
    }
}
