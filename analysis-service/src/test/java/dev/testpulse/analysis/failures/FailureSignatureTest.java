package dev.testpulse.analysis.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureSignatureTest {

    @Test
    void keepsTheTypeTrimmedAndNormalisesTheMessage() {
        FailureSignature signature = FailureSignature.of("  java.lang.AssertionError\t", "expected: <1> but was: <2>");

        assertThat(signature.type()).isEqualTo("java.lang.AssertionError");
        assertThat(signature.normalisedMessage()).isEqualTo("expected: <str> but was: <str>");
        assertThat(signature.id()).matches("[0-9a-f]{16}");
    }

    @Test
    void idIsStableAcrossReleases() {
        // Ids are stored: changing how they are computed splits every existing group in two.
        assertThat(FailureSignature.of("java.lang.AssertionError", "expected: <1> but was: <2>").id())
                .isEqualTo("2fc024a0bc6faf92");
    }

    @Test
    void acceptsMissingTypeAndMessage() {
        FailureSignature signature = FailureSignature.of(null, null);

        assertThat(signature.type()).isEmpty();
        assertThat(signature.normalisedMessage()).isEmpty();
        assertThat(signature.id()).isEqualTo(FailureSignature.of("  ", "\n").id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameCauseDifferentRunDetails")
    void sameCauseGivesTheSameId(String type, String first, String second) {
        assertThat(FailureSignature.of(type, first)).isEqualTo(FailureSignature.of(type, second));
    }

    static Stream<Arguments> sameCauseDifferentRunDetails() {
        return Stream.of(
                arguments("java.lang.AssertionError", "expected: <42> but was: <43>", "expected: <7> but was: <8>"),
                arguments("org.postgresql.util.PSQLException",
                        "Connection to localhost:5432 refused.", "Connection to 127.0.0.1:49153 refused."),
                arguments("Error", "connect ECONNREFUSED 127.0.0.1:5432", "connect ECONNREFUSED ::1:5432"),
                arguments("java.nio.file.NoSuchFileException",
                        "/tmp/junit1234/report.xml", "C:\\Users\\runneradmin\\AppData\\Local\\Temp\\junit98\\report.xml"),
                arguments("TimeoutError",
                        "locator.click: Timeout 30000ms exceeded.", "locator.click: Timeout 5000ms exceeded."),
                arguments("java.lang.IllegalStateException",
                        "com.acme.Order@1b6d3586 is already closed", "com.acme.Order@4554617c is already closed"),
                arguments("requests.exceptions.ConnectionError",
                        "HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /users/42 "
                                + "(Caused by NewConnectionError('<HTTPConnection object at 0x7f3b2c1d0e50>: refused'))",
                        "HTTPConnectionPool(host='127.0.0.1', port=8001): Max retries exceeded with url: /users/43 "
                                + "(Caused by NewConnectionError('<HTTPConnection object at 0x7f9e00a1b2c0>: refused'))"),
                arguments("panic",
                        "panic: test timed out after 10m0s\n\ngoroutine 7 [running]:\ntesting.(*M).startAlarm.func1()",
                        "panic: test timed out after 5m0s\n\ngoroutine 31 [running]:\ntesting.(*M).startAlarm.func1()"),
                arguments("Error", "\u001B[31mexpected 3, got 4\u001B[39m", "expected  5,\tgot 6"),
                arguments("OrderNotFound",
                        "Order 3f2a8c1e-9b4d-4e2a-8f1c-0a1b2c3d4e5f not found", "Order f81d4fae-7dec-11d0-a765-00a0c91e6bf6 not found"),
                arguments("TokenExpired",
                        "token expired at 2026-11-24T10:15:30Z", "token expired at 2026-11-25T08:01:02.123+01:00"),
                arguments("java.sql.SQLTransientConnectionException",
                        "HikariPool-1 - Connection is not available, request timed out after 30005ms.",
                        "HikariPool-3 - Connection is not available, request timed out after 30001ms."),
                arguments("Microsoft.Data.SqlClient.SqlException",
                        "Cannot open server 'sql-ci-42' requested by the login.",
                        "Cannot open server 'sql-ci-97' requested by the login."),
                arguments("AssertionError",
                        "HEAD is 9fceb02d0ae598e95dc970b74767f19372d61af8", "HEAD is 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"),
                arguments("Error",
                        "page.goto: net::ERR_CONNECTION_REFUSED at http://localhost:3000/login?next=%2Fcart",
                        "page.goto: net::ERR_CONNECTION_REFUSED at http://localhost:3001/login?next=%2Fhome"),
                arguments("net.OpError",
                        "read tcp 172.18.0.3:54012->172.18.0.2:6379: i/o timeout",
                        "read tcp 172.18.0.5:40999->172.18.0.4:6379: i/o timeout"),
                arguments("Error",
                        "thrown: \"Exceeded timeout of 5000 ms for a test.\nAdd a timeout value to this test.\"",
                        "thrown: \"Exceeded timeout of 5000 ms for a test.\nUse jest.setTimeout(newTimeout).\""));
    }

    @Test
    void typeIsComparedTrimmed() {
        assertThat(FailureSignature.of(" KeyError ", "'user_id'").id())
                .isEqualTo(FailureSignature.of("KeyError", "'user_id'").id());
    }

    @ParameterizedTest(name = "{1} / {3}")
    @MethodSource("differentCauses")
    void differentCausesGiveDifferentIds(String firstType, String first, String secondType, String second) {
        assertThat(FailureSignature.of(firstType, first).id()).isNotEqualTo(FailureSignature.of(secondType, second).id());
    }

    static Stream<Arguments> differentCauses() {
        return Stream.of(
                arguments("java.net.SocketException", "Connection refused", "java.net.SocketException", "Read timed out"),
                arguments("java.lang.ArrayIndexOutOfBoundsException", "Index 5 out of bounds for length 3",
                        "java.lang.StringIndexOutOfBoundsException", "Index 5 out of bounds for length 3"),
                arguments("Error", "connect ECONNREFUSED 127.0.0.1:5432", "Error", "connect ETIMEDOUT 127.0.0.1:5432"),
                arguments("UnsupportedCharsetException", "utf8", "UnsupportedCharsetException", "utf16"),
                arguments("ProtocolError", "stream reset over http2", "ProtocolError", "stream reset over http1"),
                arguments("NoRouteToHost", "no route over ipv4", "NoRouteToHost", "no route over ipv6"),
                arguments("java.lang.AssertionError", "expected: <null> but was: <Order{id=7}>",
                        "java.lang.AssertionError", "expected: <Order{id=7}> but was: <null>"),
                arguments("*errors.errorString", "context deadline exceeded", "*errors.errorString", "context canceled"),
                arguments("", "Object reference not set to an instance of an object.",
                        "System.NullReferenceException", "Object reference not set to an instance of an object."),
                // Without a separator between type and message both would hash "TimeoutError".
                arguments("Timeout", "Error", "TimeoutError", ""));
    }
}
