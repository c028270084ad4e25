package dev.testpulse.shared.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.testpulse.shared.problem.ProblemType;

/**
 * The first route of every request, for what would otherwise be refused below the REST layer with an empty answer
 * (or fail inside it): a request URI that is not a URI ({@code %zz}, a lone {@code %}) is a 400, a request line longer
 * than {@value #MAX_REQUEST_LINE} characters a 414, a declared body past the server's hard limit
 * ({@code quarkus.http.limits.max-body-size}) a 413, a multipart body without a boundary a 400, a Content-Type that is
 * not a media type a 415, and, where a service
 * asks for it ({@code testpulse.http.require-length}: {@code none}, {@code multipart} or {@code all}), a chunked body
 * (no declared length) a 411 — all as problem+json before a byte of the body is read. Quarkus REST would otherwise cut
 * such a body off at the hard limit with a bare 413 of its own, which no exception mapper sees.
 *
 * <p>The URI check is Quarkus' own (its root handler parses every URI with {@link URI} and answers a bare 400), moved
 * here so that the answer can say what is wrong: each service's main method calls {@link #takeOverUriValidation()}
 * before Quarkus starts, and the test JVMs set the same property. One refusal stays where no application code can
 * answer: a request line past the HTTP codec's limit ({@code quarkus.http.limits.max-initial-line-length}, set far
 * above {@value #MAX_REQUEST_LINE} so that ordinary over-long lines do reach this route) is a bare 414 from the codec.
 */
@ApplicationScoped
public class HttpNet {

    /** Longer request lines are refused; the services' longest real URL (a report upload's run context) is far shorter. */
    static final int MAX_REQUEST_LINE = 8192;

    /** The JVM property Quarkus' root handler reads once, when the HTTP server starts. */
    static final String URI_VALIDATION_PROPERTY = "vertx.disableURIValidation";

    /** Call before {@code Quarkus.run}: the first route checks request URIs instead of Quarkus' root handler. */
    public static void takeOverUriValidation() {
        System.setProperty(URI_VALIDATION_PROPERTY, "true");
    }

    void install(@Observes Router router) {
        long limit = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
        String requireLength = ConfigProvider.getConfig().getOptionalValue("testpulse.http.require-length", String.class)
                .orElse("none").trim().toLowerCase(Locale.ROOT);
        if (!List.of("none", "multipart", "all").contains(requireLength)) {
            throw new IllegalArgumentException("testpulse.http.require-length must be none, multipart or all, not " + requireLength);
        }
        router.route().order(Integer.MIN_VALUE).handler(context -> check(context, limit, requireLength));
    }

    // Long: The refusals in the order they must be tried (URI, then length, then type), two lines each: a
    // list of guards that reads best as one.
    private static void check(RoutingContext context, long limit, String requireLength) {
        String uri = context.request().uri();
        if (uri != null && !isUri(uri)) {
            refuse(context, ProblemType.MALFORMED_URI,
                    "the request URI is not a valid URI: every '%' must start two hex digits, and spaces, quotes and"
                            + " control characters must be percent-encoded");
            return;
        }
        if (uri != null && uri.length() > MAX_REQUEST_LINE) {
            refuse(context, ProblemType.URI_TOO_LONG,
                    "the request URI may be at most " + MAX_REQUEST_LINE + " characters");
            return;
        }
        String length = context.request().getHeader("Content-Length");
        if (length != null && !length.isEmpty() && length.chars().allMatch(Character::isDigit)
                && (length.length() > 18 || Long.parseLong(length) > limit)) {
            refuse(context, ProblemType.PAYLOAD_TOO_LARGE, "the body may hold at most " + limit + " bytes");
            return;
        }
        String type = context.request().getHeader("Content-Type");
        boolean multipart = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
        if (length == null && context.request().getHeader("Transfer-Encoding") != null
                && (requireLength.equals("all") || requireLength.equals("multipart") && multipart)) {
            refuse(context, ProblemType.LENGTH_REQUIRED,
                    multipart && requireLength.equals("multipart")
                            ? "a multipart upload must declare its length (Content-Length); send a report of unknown length as the raw body instead"
                            : "a request body must declare its length (Content-Length); chunked bodies are not accepted here");
            return;
        }
        if (multipart && !hasBoundary(type)) {
            refuse(context, ProblemType.MALFORMED_BODY, "a multipart body needs a boundary in its Content-Type");
            return;
        }
        if (type != null && !isMediaType(type)) {
            refuse(context, ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type header is not one media type (type/subtype, then ;-separated parameters)");
            return;
        }
        context.next();
    }

    /** Over-long URIs are refused after this check: it is linear, and at most the codec's line limit long. */
    static boolean isUri(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Parsed as Quarkus REST parses it: on an endpoint that consumes several types, Quarkus REST 3.34 lets a header it
     * cannot parse ({@code ;;;}, {@code application/json, application/xml}) escape as an IllegalArgumentException,
     * which the services' exception mappers can only answer with a 500.
     */
    static boolean isMediaType(String contentType) {
        try {
            MediaType.valueOf(contentType);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
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

    private static void refuse(RoutingContext context, ProblemType type, String detail) {
        String body = "{\"type\":\"%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}"
                .formatted(type.uri(), type.title(), type.status(), detail);
        context.response().setStatusCode(type.status()).putHeader("Content-Type", "application/problem+json")
                .putHeader("Connection", "close").end(body);
    }
}
