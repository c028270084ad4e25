package dev.testpulse.analysis.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageNormaliserTest {

    /**
     * First lines of failure messages as test frameworks and clients across ecosystems report them. No CSV quoting
     * (quote character NUL): the messages carry quotes of their own, which are part of what is tested.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
            # Java: JUnit 5 and 4, AssertJ, Hamcrest, Mockito
            expected: <42> but was: <43>                                     | expected: <str> but was: <str>
            expected:<[alice]> but was:<[bob]>                               | expected:<str> but was:<str>
            expected: <null> but was: <Order{id=7}>                          | expected: <null> but was: <str>
            expected: com.acme.Order@1b6d3586<Order{id=7}> but was: com.acme.Order@4554617c<Order{id=7}> \
            | expected: com.acme.Order@<hex><Order{id=<n>}> but was: com.acme.Order@<hex><Order{id=<n>}>
            Expected size: 3 but was: 4 in:                                  | Expected size: <n> but was: <n> in:
            Expecting Optional to contain a value but it was empty.          | Expecting Optional to contain a value but it was empty.
            Expected: is <42>                                                | Expected: is <str>
            -> at com.acme.OrderServiceTest.saves(OrderServiceTest.java:42)  | -> at com.acme.OrderServiceTest.saves(OrderServiceTest.java:<n>)
            Index 5 out of bounds for length 3                               | Index <n> out of bounds for length <n>
            /tmp/junit8412398171234/report.xml                               | <path>
            /var/folders/2x/7z_k3c9d1/T/junit456/out.txt (No such file or directory) | <path> (No such file or directory)
            C:\\Users\\runneradmin\\AppData\\Local\\Temp\\junit5678\\out.txt | <path>
            Waited 30 seconds (plus 1 milliseconds delay) for Future@7a81197d[status=PENDING] \
            | Waited <time> (plus <time> delay) for Future@<hex>[status=PENDING]
            Condition with lambda expression in dev.testpulse.analysis.FooTest was not fulfilled within 10 seconds. \
            | Condition with lambda expression in dev.testpulse.analysis.FooTest was not fulfilled within <time>.
            Unexpected character ('}' (code 125)): was expecting double-quote to start field name \
            | Unexpected character (<str> (code <n>)): was expecting double-quote to start field name
            # Java: Spring, JDBC, Testcontainers
            Error creating bean with name 'orderService': Unsatisfied dependency expressed through constructor parameter 0 \
            | Error creating bean with name 'orderService': Unsatisfied dependency expressed through constructor parameter <n>
            Status expected:<200> but was:<500>                              | Status expected:<200> but was:<500>
            I/O error on GET request for "http://localhost:8089/users/42": Connection refused \
            | I/O error on GET request for <str>: Connection refused
            Connection to localhost:5432 refused. Check that the hostname and port are correct. \
            | Connection to <host:port> refused. Check that the hostname and port are correct.
            ERROR: relation "orders_2026_11" does not exist                  | ERROR: relation <str> does not exist
            HikariPool-1 - Connection is not available, request timed out after 30005ms. \
            | HikariPool-<n> - Connection is not available, request timed out after <time>.
            Timed out waiting for container port to open (localhost ports: [49153] should be listening) \
            | Timed out waiting for container port to open (localhost ports: [<n>] should be listening)
            # Python: pytest, requests/urllib3, builtins
            assert 3 == 4                                                    | assert <n> == <n>
            assert {'id': 1, 'name': 'a'} == {'id': 2, 'name': 'a'}          | assert {'id': <n>, 'name': 'a'} == {'id': <n>, 'name': 'a'}
            assert 'Welcome' in 'Please log in'                              | assert <str> in <str>
            HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /api/v1/users/42 \
            (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3b2c1d0e50>: \
            Failed to establish a new connection: [Errno 111] Connection refused')) \
            | HTTPConnectionPool(host=<str>, port=<n>): Max retries exceeded with url: /api/v1/users/<n> \
            (Caused by NewConnectionError(<str>))
            HTTPSConnectionPool(host='api.github.com', port=443): Read timed out. (read timeout=10) \
            | HTTPSConnectionPool(host=<str>, port=<n>): Read timed out. (read timeout=<n>)
            'user_id'                                                        | 'user_id'
            [Errno 110] Connection timed out                                 | [Errno 110] Connection timed out
            [Errno 2] No such file or directory: '/tmp/pytest-of-runner/pytest-3/test_export0/out.json' \
            | [Errno 2] No such file or directory: <str>
            invalid syntax (test_orders.py, line 42)                         | invalid syntax (test_orders.py, line <n>)
            Timeout >5.0s                                                    | Timeout ><time>
            # JavaScript: Jest, Playwright, Cypress, Node
            expect(received).toBe(expected) // Object.is equality            | expect(received).toBe(expected) // Object.is equality
            thrown: "Exceeded timeout of 5000 ms for a test.                 | thrown: "Exceeded timeout of <time> for a test.
            Snapshot name: `OrderSummary renders 1`                          | Snapshot name: <str>
            locator.click: Timeout 30000ms exceeded.                         | locator.click: Timeout <time> exceeded.
            Timed out 5000ms waiting for expect(locator).toHaveText(expected) | Timed out <time> waiting for expect(locator).toHaveText(expected)
            page.goto: net::ERR_CONNECTION_REFUSED at http://localhost:3000/login?next=%2Fcart \
            | page.goto: net::ERR_CONNECTION_REFUSED at http://<host:port>/login?<query>
            Timed out retrying after 4000ms: Expected to find element: [data-cy=submit], but never found it. \
            | Timed out retrying after <time>: Expected to find element: [data-cy=submit], but never found it.
            connect ECONNREFUSED 127.0.0.1:5432                              | connect ECONNREFUSED <host:port>
            connect ECONNREFUSED ::1:5432                                    | connect ECONNREFUSED <host:port>
            Cannot read properties of undefined (reading 'id')               | Cannot read properties of undefined (reading 'id')
            # Go: testing, net, context, runtime panics
            expected 3, got 4                                                | expected <n>, got <n>
            dial tcp 127.0.0.1:8080: connect: connection refused             | dial tcp <host:port>: connect: connection refused
            dial tcp [::1]:8080: connect: connection refused                 | dial tcp <host:port>: connect: connection refused
            Get "http://127.0.0.1:8080/healthz": dial tcp 127.0.0.1:8080: connect: connection refused \
            | Get <str>: dial tcp <host:port>: connect: connection refused
            read tcp 172.18.0.3:54012->172.18.0.2:6379: i/o timeout          | read tcp <host:port>-><host:port>: i/o timeout
            dial tcp: lookup postgres on 127.0.0.11:53: no such host         | dial tcp: lookup postgres on <host:port>: no such host
            context deadline exceeded                                        | context deadline exceeded
            panic: test timed out after 10m0s                                | panic: test timed out after <time>
            goroutine 34 [chan receive, 9 minutes]:                          | goroutine <n> [chan receive, <time>]:
            panic: runtime error: index out of range [5] with length 3       | panic: runtime error: index out of range [<n>] with length <n>
            [signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x5f2d3a] \
            | [signal SIGSEGV: segmentation violation code=<hex> addr=<hex> pc=<hex>]
            # .NET: xUnit, NUnit, HttpClient, SignalR, SqlClient
            Assert.Equal() Failure: Values differ                            | Assert.Equal() Failure: Values differ
            Expected: 42                                                     | Expected: <n>
            Object reference not set to an instance of an object.            | Object reference not set to an instance of an object.
            The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing. \
            | The request was canceled due to the configured HttpClient.Timeout of <time> elapsing.
            Server timeout (30000.00ms) elapsed without receiving a message from the server. \
            | Server timeout (<time>) elapsed without receiving a message from the server.
            Login failed for user 'ci_runner_7'.                             | Login failed for user <str>.
            Cannot open server 'sql-ci-42' requested by the login. Client with IP address '20.1.2.3' is not allowed \
            | Cannot open server <str> requested by the login. Client with IP address <str> is not allowed
            A network-related or instance-specific error occurred (provider: TCP Provider, error: 40 - Could not open a connection) \
            | A network-related or instance-specific error occurred (provider: TCP Provider, error: <n> - Could not open a connection)
            The duration spent while attempting to connect to this server was - [Pre-Login] initialization=23; handshake=14977; \
            | The duration spent while attempting to connect to this server was - [Pre-Login] initialization=<n>; handshake=<n>;
            # Quoted names and codes that are the cause, next to data that is not
            KeyError: 'user_id'                                              | KeyError: 'user_id'
            AttributeError: 'NoneType' object has no attribute 'items'       | AttributeError: 'NoneType' object has no attribute 'items'
            404 Client Error: Not Found for url: https://api.example.com/v1/users/42?page=3 \
            | 404 Client Error: Not Found for url: https://api.example.com/v1/users/<n>?<query>
            psycopg2.errors.UndefinedColumn: column "created_by" does not exist | psycopg2.errors.UndefinedColumn: column "created_by" does not exist
            ERROR: duplicate key value violates unique constraint "orders_pkey" (SQLSTATE 23505) \
            | ERROR: duplicate key value violates unique constraint "orders_pkey" (SQLSTATE 23505)
            java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist | java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist
            No qualifying bean of type 'com.acme.PaymentGateway' available   | No qualifying bean of type 'com.acme.PaymentGateway' available
            Request failed with status code 503                              | Request failed with status code 503
            expected 200 "OK", got 500 "Internal Server Error"               | expected 200 "OK", got 500 <str>
            TypeError: Cannot destructure property 'token' of 'undefined' as it is undefined. \
            | TypeError: Cannot destructure property 'token' of 'undefined' as it is undefined.
            expected status 200, got 502                                     | expected status 200, got 502
            json: cannot unmarshal string into Go struct field Order.total of type float64 \
            | json: cannot unmarshal string into Go struct field Order.total of type float64
            open /tmp/go-build123/cfg.json: no such file or directory        | open <path>: no such file or directory
            Response status code does not indicate success: 401 (Unauthorized). | Response status code does not indicate success: 401 (Unauthorized).
            The given key 'tenant-7f3a' was not present in the dictionary.  | The given key <str> was not present in the dictionary.
            Access to the path 'C:\\agent\\_work\\1\\s\\out.txt' is denied. (0x80070005) | Access to the path <str> is denied. (<hex>)
            HTTP status client error (404 Not Found) for url (http://localhost:8080/api/orders/17) \
            | HTTP status client error (404 Not Found) for url (http://<host:port>/api/orders/<n>)
            called `Result::unwrap()` on an `Err` value: Os { code: 111, kind: ConnectionRefused } \
            | called <str> on an <str> value: Os { code: <n>, kind: ConnectionRefused }
            assertion `left == right` failed                                 | assertion <str> failed
            """)
    void normalisesRealFailureMessages(String message, String expected) {
        assertThat(MessageNormaliser.normalise(message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
            trace 3f2a8c1e-9b4d-4e2a-8f1c-0a1b2c3d4e5f failed                | trace <uuid> failed
            HEAD is 9fceb02d0ae598e95dc970b74767f19372d61af8, expected 1a2b3c4 | HEAD is <hex>, expected <hex>
            token expired at 2026-11-24T10:15:30Z                            | token expired at <time>
            logged 2026-11-24 10:15:30,123 then 10:15:30.123                 | logged <time> then <time>
            waited PT30S, PT1M30.5S, 1h2m3s, 1.5s and 250µs                  | waited <time>, <time>, <time>, <time> and <time>
            no answer from fe80::1%eth0, 2001:db8::8a2e:370:7334 or 10.0.0.5 | no answer from <ip>, <ip> or <ip>
            no answer from [2001:db8::1]:8443 or db.internal.example.com:5432 | no answer from <host:port> or <host:port>
            postgres:5432 refused                                            | postgres:<n> refused
            GET http://user:secret@api.example.com/v2/orders/42#top failed   | GET http://api.example.com/v2/orders/<n>?<query> failed
            -1 and 3.14 and 1e-5 and 50% and #123                            | <n> and <n> and <n> and <n>% and #<n>
            %TEMP%\\junit42\\out.txt                                         | <path>
            don't touch 'x', it's fine                                       | don't touch 'x', it's fine
            Foo::bar and std::vector are not addresses                       | Foo::bar and std::vector are not addresses
            List<Map<String, Integer>> was empty                             | List<Map<String, Integer>> was empty
            expected: <true> but was: <false>                                | expected: <true> but was: <false>
            """)
    void replacesEachKindOfRunDetail(String message, String expected) {
        assertThat(MessageNormaliser.normalise(message)).isEqualTo(expected);
    }

    /** Two failures with the same cause normalise alike; with different causes they do not. */
    @ParameterizedTest(name = "[{index}] {2}: {0} / {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
            KeyError: 'user_id'                         | KeyError: 'order_id'                            | different
            KeyError: 'user_id'                         | KeyError: 'user_id'                             | same
            Cannot read properties of undefined (reading 'id') | Cannot read properties of undefined (reading 'name') | different
            Status expected:<200> but was:<500>         | Status expected:<200> but was:<404>             | different
            Status expected:<200> but was:<500>         | Status expected:<200> but was:<500>             | same
            Request failed with status code 503         | Request failed with status code 401             | different
            [Errno 111] Connection refused              | [Errno 110] Connection timed out                | different
            ORA-00942: table or view does not exist     | ORA-01017: invalid username/password            | different
            Login failed for user 'ci_runner_7'.        | Login failed for user 'ci_runner_8'.            | same
            The given key 'tenant-7f3a' was not present | The given key 'tenant-9b1c' was not present     | same
            expected: "Hello" but was: "World"          | expected: "Hallo" but was: "Welt"               | same
            ERROR: relation "orders_2026_11" does not exist | ERROR: relation "orders_2026_12" does not exist | same
            connect ECONNREFUSED 127.0.0.1:5432         | connect ECONNREFUSED 10.0.0.7:6543              | same
            dial tcp 127.0.0.1:8080: connect: connection refused | dial tcp 127.0.0.1:9090: connect: connection refused | same
            open /tmp/go-build123/cfg.json: no such file | open /tmp/go-build987/cfg.json: no such file   | same
            Index 5 out of bounds for length 3          | Index 7 out of bounds for length 2              | same
            column "created_by" does not exist          | column "updated_by" does not exist              | different
            """)
    void tellsCausesApartButNotTheirData(String first, String second, String relation) {
        String a = MessageNormaliser.normalise(first);
        String b = MessageNormaliser.normalise(second);
        if (relation.equals("same")) {
            assertThat(a).isEqualTo(b);
        } else {
            assertThat(a).isNotEqualTo(b);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf8", "base64", "http2", "ipv4", "S3", "e2e", "sha256", "test_42", "OAuth2", "log4j",
            "x86_64", "тест5"})
    void keepsDigitsThatArePartOfIdentifiers(String identifier) {
        assertThat(MessageNormaliser.normalise("unsupported " + identifier)).isEqualTo("unsupported " + identifier);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t", "\n\n", " \r\n \u00A0 "})
    void nullOrBlankBecomesEmpty(String message) {
        assertThat(MessageNormaliser.normalise(message)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "-1", "3.14", "  7  "})
    void aMessageThatIsOnlyANumberIsAPlaceholder(String message) {
        assertThat(MessageNormaliser.normalise(message)).isEqualTo("<n>");
    }

    @Test
    void keepsOnlyTheFirstNonBlankLine() {
        String assertj = "\n   \nexpected: \"Hello\"\n but was: \"World\"\n\tat dev.testpulse.FooTest.greets(FooTest.java:12)";
        String xunit = "Assert.Equal() Failure\r\nExpected: 42\r\nActual:   43";
        String goPanic = "panic: send on closed channel\n\ngoroutine 7 [running]:\nmain.worker(0xc000012345)";
        String noBreakSpaceFirst = "\u00A0\u2003\nconnection reset";

        assertThat(MessageNormaliser.normalise(assertj)).isEqualTo("expected: <str>");
        assertThat(MessageNormaliser.normalise(xunit)).isEqualTo("Assert.Equal() Failure");
        assertThat(MessageNormaliser.normalise(goPanic)).isEqualTo("panic: send on closed channel");
        assertThat(MessageNormaliser.normalise(noBreakSpaceFirst)).isEqualTo("connection reset");
    }

    @Test
    void ignoresColourCodesAndCollapsesWhitespace() {
        String jest = "\u001B[2m\u001B[22m\n\u001B[31mexpected   3,\tgot\u00A04\u001B[39m  ";

        assertThat(MessageNormaliser.normalise(jest)).isEqualTo("expected <n>, got <n>");
    }

    @Test
    void capsVeryLongMessages() {
        String longMessage = "Mismatch in row 17: " + "column value differs ".repeat(1_000);

        String normalised = MessageNormaliser.normalise(longMessage);

        assertThat(normalised).hasSizeLessThanOrEqualTo(MessageNormaliser.MAX_LENGTH)
                .startsWith("Mismatch in row <n>: column value differs")
                .doesNotEndWith(" ");
    }

    @Test
    void neverCutsASurrogatePairInHalf() {
        // One ASCII character first puts a high surrogate exactly at the cap.
        String normalised = MessageNormaliser.normalise("a" + "\uD83D\uDE00".repeat(400));

        assertThat(normalised).hasSize(MessageNormaliser.MAX_LENGTH - 1);
        assertThat(Character.isHighSurrogate(normalised.charAt(normalised.length() - 1))).isFalse();
    }

    /** Long runs that a recursively matched group repetition would turn into a StackOverflowError. */
    @ParameterizedTest
    @ValueSource(strings = {"\"\\", "a:", "1.", "1s", "a.", "«", "'a "})
    void survivesLongRepetitiveMessages(String unit) {
        assertThatCode(() -> MessageNormaliser.normalise(unit.repeat(50_000))).doesNotThrowAnyException();
    }

    @Test
    void handlesUnicodeMessages() {
        assertThat(MessageNormaliser.normalise("Ожидалось 5, получено 6 для «заказ-7»"))
                .isEqualTo("Ожидалось <n>, получено <n> для <str>");
        assertThat(MessageNormaliser.normalise("期待値 3 実際 4 ✅")).isEqualTo("期待値 <n> 実際 <n> ✅");
    }
}
