package dev.testpulse.ingest.api;

import static dev.testpulse.ingest.support.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.ingest.support.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** What the hostile-input suite found or checks, one request each: every answer is a 4xx problem, never a 500. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class HostileRequestsTest {

    private final String project = "hostile-" + UUID.randomUUID().toString().substring(0, 8);

    @ParameterizedTest
    @ValueSource(strings = {"outcomes%00", "outcomes%0a", "reports/junit%0d%0aX-Forged:%20yes", "admin/tokens/%00"})
    void aControlCharacterInThePathIsABadRequest(String path) {
        // the one path check both services share: ingest's title, and the parameter named as analysis names it
        given().urlEncodingEnabled(false).contentType("application/json").body("[]").post("/api/v1/" + path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:testpulse:problem:bad-parameter")).body("title", equalTo("Bad request parameter"))
                .body("parameter", equalTo("path"));
    }

    /** Quarkus' root handler would answer a bare 400; HttpNet checks request URIs instead and says what is wrong. */
    @ParameterizedTest
    @ValueSource(strings = {"outcomes%zz", "outcomes%", "reports/junit%u0000", "outcomes?run=%e"})
    void aBrokenEscapeIsABadRequestProblem(String path) throws IOException {
        String answer = raw(("POST /api/v1/" + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer(TestTokens.forProject(project))
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("application/problem+json").contains("urn:testpulse:problem:malformed-uri");
    }

    /**
     * Chunked bodies are real (REST Assured and Apache HttpClient send multipart that way, {@code curl -T -} raw
     * bodies), so ingest takes them and counts them as they stream. One edge stays bare: Quarkus REST parses multipart
     * itself and cuts a chunked one off at the hard net ({@code quarkus.http.limits.max-body-size}, twice the product
     * limit in production) with a 413 of its own that no exception mapper sees — pinned here as a 413, never a 500.
     */
    @Test
    void chunkedBodiesAreCountedAndAChunkedMultipartPastTheNetIsTooLarge() throws IOException {
        String auth = bearer(TestTokens.forProject(project));
        String xml = "<testsuite name=\"s\"><testcase name=\"t\" classname=\"C\"/></testsuite>";
        String rawBody = raw(("POST /api/v1/reports/junit?run=chunked-" + UUID.randomUUID() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                + auth + "\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + chunked(xml)).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(rawBody).startsWith("HTTP/1.1 202 ");
        StringBuilder big = new StringBuilder("--b1\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.xml\"\r\n\r\n<testsuite>");
        big.append(" ".repeat(5 * 1024 * 1024)).append("</testsuite>\r\n--b1--\r\n"); // past the test profile's 4 MB net
        String multipart = raw(("POST /api/v1/reports/junit?run=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + auth
                + "\r\nContent-Type: multipart/form-data; boundary=b1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + chunked(big.toString())).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(multipart).startsWith("HTTP/1.1 413 ");
    }

    private static String chunked(String body) {
        int half = body.length() / 2;
        return Integer.toHexString(half) + "\r\n" + body.substring(0, half) + "\r\n" + Integer.toHexString(body.length() - half)
                + "\r\n" + body.substring(half) + "\r\n0\r\n\r\n";
    }

    @Test
    void aRequestLineLongerThanTheLimitIsAUriTooLongProblem() {
        as().contentType("application/xml").body("<testsuite/>").queryParam("run", "1").queryParam("job", "j".repeat(20_000))
                .post("/api/v1/reports/junit").then().statusCode(414).contentType("application/problem+json");
    }

    @Test
    void aMultipartUploadOfTooManyPartsIsRefused() {
        RequestSpecification request = as();
        for (int i = 0; i <= BodyLimit.MAX_PARTS; i++) {
            request.multiPart("f" + i, "r" + i + ".xml", "<testsuite/>".getBytes(), "application/xml");
        }
        request.queryParam("run", "1").post("/api/v1/reports/junit").then().statusCode(413).contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data; boundary=", "multipart/form-data", "multipart/form-data; boundary=\"\""})
    void aMultipartBodyWithoutBoundaryIsABadRequest(String contentType) {
        as().contentType(contentType).body("--x\r\n\r\n".getBytes()).queryParam("run", "1").post("/api/v1/reports/ctrf")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aMultipartBodyCutOffBeforeItsEndIsABadRequest() {
        as().contentType("multipart/form-data; boundary=b1")
                .body("--b1\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.xml\"\r\n\r\n<testsuite".getBytes())
                .queryParam("run", "1").post("/api/v1/reports/junit").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void wrongJsonTypesAreABadRequestProblem() {
        as().contentType("application/json").body("[{\"project\":[],\"run\":1}]").post("/api/v1/outcomes")
                .then().statusCode(400).contentType("application/problem+json");
        as().contentType("application/json").body("{\"test\":\"x\",\"run\":{\"id\":{}}}").post("/api/v1/outcomes")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anNdjsonLineLongerThanTheLimitIsRefused() {
        String padding = "\"x\":\"" + "p".repeat(600_000) + "\",";
        String line = "{" + padding + padding.replace("\"x\"", "\"y\"") + "\"project\":\"" + project + "\"}";
        as().contentType("application/x-ndjson").body((line + "\n").getBytes(StandardCharsets.UTF_8)).post("/api/v1/outcomes")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void deepJsonIsABadRequestProblem() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        as().contentType("application/json").body("[{\"project\":" + deep + "}]").post("/api/v1/outcomes")
                .then().statusCode(400).contentType("application/problem+json");
        as().contentType("application/json").body("[{\"duration_ms\":" + "9".repeat(5_000) + "}]").post("/api/v1/outcomes")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void metricsNeverCarryARawPath() {
        String random = "r" + UUID.randomUUID().toString().replace("-", "");
        as().contentType("application/xml").body("<testsuite/>").post("/api/v1/reports/" + random).then().statusCode(404);
        given().post("/api/v1/reports/" + random + "x").then().statusCode(401);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).doesNotContain(random);
        assertThat(BodyLimit.pathTag("/api/v1/reports/" + random)).isEqualTo("other");
    }

    private RequestSpecification as() {
        return given().header("Authorization", bearer(TestTokens.forProject(project)));
    }

    /** One request as raw bytes on its own connection (clients refuse to build these); the answer as text. */
    private static String raw(byte[] request) throws IOException {
        try (Socket socket = new Socket("localhost", ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
