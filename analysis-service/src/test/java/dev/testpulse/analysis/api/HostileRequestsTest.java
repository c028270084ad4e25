package dev.testpulse.analysis.api;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static dev.testpulse.analysis.support.TestAuth.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;

/** What the hostile-input suite found or checks, one request each: every answer is a 4xx problem, never a 500. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class HostileRequestsTest {

    private final String project = "hostile-" + UUID.randomUUID().toString().substring(0, 8);

    @ParameterizedTest
    @ValueSource(strings = {"%00", "%0a", "%0d%0aX-Forged:%20yes", "a%00b"})
    void aControlCharacterInThePathIsABadRequest(String segment) {
        given().urlEncodingEnabled(false).get("/api/v1/projects/" + segment + "/summary")
                .then().statusCode(400).contentType("application/problem+json").body("parameter", equalTo("path"));
        asAdmin().urlEncodingEnabled(false).contentType("application/json").body("{}").put("/api/v1/projects/" + segment + "/target")
                .then().statusCode(400).contentType("application/problem+json");
    }

    /** The problem mapper both services share names where a body stopped being JSON; analysis keeps its own title. */
    @Test
    void aMalformedJsonBodyIsAProblemNamingWhere() {
        asAdmin().contentType("application/json").body("{\n  \"default_branch\": \"main\",\n  oops\n}")
                .put("/api/v1/projects/" + project + "/settings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:testpulse:problem:malformed-body")).body("title", equalTo("Malformed body"))
                .body("line", equalTo(3)).body("column", org.hamcrest.Matchers.greaterThan(0));
    }

    /**
     * A path that does not decode is a URI no client library will even build; Quarkus' root handler would refuse it
     * with a bare 400 before any route, so the service takes that check over (HttpNet, the services' main methods and
     * the test JVM's {@code vertx.disableURIValidation}) and says what is wrong.
     */
    @ParameterizedTest
    @ValueSource(strings = {"%zz", "%", "a%u0000", "%e", "a%20b%2"})
    void aBrokenEscapeInThePathIsABadRequestProblem(String segment) throws IOException {
        // sent as raw bytes: HTTP clients refuse to build such a request at all
        String answer = raw("GET /api/v1/projects/" + segment + "/summary HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("application/problem+json").contains("urn:testpulse:problem:malformed-uri");
    }

    /**
     * Quarkus REST's body reader would cut a chunked body off at the hard limit with a bare 413 of its own; analysis'
     * bodies are small documents every client sends with a length, so a chunked write is refused before it is read.
     */
    @Test
    void aChunkedWriteIsALengthRequiredProblem() throws IOException {
        StringBuilder request = new StringBuilder("PUT /api/v1/projects/" + project + "/settings HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + ADMIN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n");
        // past the hard limit: whitespace, which a JSON parser would read on through
        String chunk = " ".repeat(64 * 1024);
        for (int i = 0; i < 24; i++) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("2\r\n{}\r\n0\r\n\r\n");
        String answer = raw(request.toString());
        assertThat(answer).startsWith("HTTP/1.1 411 ").contains("application/problem+json").contains("Content-Length");
        String small = raw("PUT /api/v1/projects/" + project + "/settings HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + ADMIN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        assertThat(small).startsWith("HTTP/1.1 411 ");
    }

    @Test
    void aRequestLineLongerThanTheLimitIsAUriTooLongProblem() {
        given().queryParam("window", "x".repeat(20_000)).get("/api/v1/projects/p/summary")
                .then().statusCode(414).contentType("application/problem+json").body("status", equalTo(414));
    }

    @Test
    void aSilenceLastsAtMostNinetyDays() {
        silence(Instant.now().plus(Duration.ofDays(91))).then().statusCode(422).contentType("application/problem+json")
                .body("parameter", equalTo("until"));
        silence(Instant.parse("9999-12-31T23:59:59Z")).then().statusCode(422).body("parameter", equalTo("until"));
        silence(Instant.now().plus(Duration.ofDays(89))).then().statusCode(201);
    }

    @Test
    void deepOrBrokenJsonIsABadRequestProblem() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        asAdmin().contentType("application/json").body("{\"rate\":" + deep + "}").put("/api/v1/projects/{p}/target", project)
                .then().statusCode(400).contentType("application/problem+json");
        asAdmin().contentType("application/json").body("{\"rate\":\"x\"").put("/api/v1/projects/{p}/target", project)
                .then().statusCode(400).contentType("application/problem+json");
        asAdmin().contentType("application/json").body("{\"rate\":" + "9".repeat(5_000) + "}").put("/api/v1/projects/{p}/target", project)
                .then().statusCode(400).contentType("application/problem+json");
        asAdmin().contentType("application/json").body("{\"project\":{\"a\":1},\"until\":[]}").post("/api/v1/silences")
                .then().statusCode(400).contentType("application/problem+json");
        asAdmin().contentType("application/json").body("{\"critical_tests\":{\"a\":1},\"default_branch\":[]}")
                .put("/api/v1/projects/{p}/settings", project).then().statusCode(400).contentType("application/problem+json");
        asAdmin().contentType("application/json").body("{\"rate\":0.5,\"rate_pct\":}").put("/api/v1/projects/{p}/target", project)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void invalidUtf8IsABadRequestProblem() {
        byte[] body = {'{', '"', 'r', 'a', 't', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
        asAdmin().config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("application/json").body(body).put("/api/v1/projects/{p}/target", project)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"from=-999999999-01-01T00:00:00Z", "to=-999999999-01-01T00:00:00Z", "to=+999999999-12-31T23:59:59Z",
            "from=1970-01-01T00:00:00Z", "step=0m"})
    void trendRangesAreBounded(String query) {
        given().urlEncodingEnabled(false).get("/api/v1/projects/" + project + "/trend?" + query.replace("+", "%2B"))
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void metricsNeverCarryARawPath() {
        String random = "r" + UUID.randomUUID().toString().replace("-", "");
        asAdmin().put("/api/v1/" + random + "/x").then().statusCode(404);
        given().put("/api/v1/" + random + "/y").then().statusCode(401);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).doesNotContain(random);
    }

    private io.restassured.response.Response silence(Instant until) {
        return asAdmin().contentType("application/json")
                .body("{\"project\":\"%s\",\"test_glob\":\"x*\",\"until\":\"%s\"}".formatted(project, until))
                .post("/api/v1/silences");
    }

    /** One request as raw bytes on its own connection; the whole answer as text. */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
