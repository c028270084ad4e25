package dev.testpulse.reporter.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the quarantine list of the contract, and matching tests by (suite, class, name) as outcomes carry them. */
class QuarantineListTest {

    @Test
    void matchesATestByItsOutcomeIdentityAndSaysWhyWithTheExpiry() {
        QuarantineList list = QuarantineList.parse("{\"project\":\"p\",\"tests\":[{\"suite\":\"s\",\"class\":\"c\",\"name\":\"n \\\"q\\\" \\u00e9\","
                + "\"state\":\"skipped\",\"reason\":\"flaky\",\"by\":\"auto\",\"since\":\"2026-12-01T00:00:00Z\",\"until\":\"2026-12-15T00:00:00Z\","
                + "\"evidence\":\"3 of 10 failed\"}]}");
        TestName test = name("s", "c", "n \"q\" é");

        assertThat(list.of(test)).hasValueSatisfying(entry -> {
            assertThat(entry.state).isEqualTo(QuarantineList.State.SKIPPED);
            assertThat(entry.why()).isEqualTo("quarantined: flaky (until 2026-12-15T00:00:00Z)");
        });
        assertThat(list.of(name("s", "c", "n"))).isEmpty();
        assertThat(list.of(name("other", "c", "n \"q\" é"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"suite\":\"s\",\"name\":\"n\",\"state\":\"muted\"}",
            "{\"suite\":\"s\",\"class\":null,\"name\":\"n\",\"state\":\"muted\"}"})
    void aListedTestWithoutAClassMatchesATestWithoutOne(String entry) {
        QuarantineList list = QuarantineList.parse("{\"project\":\"p\",\"tests\":[" + entry + "]}");

        assertThat(list.of(name("s", null, "n"))).hasValueSatisfying(found -> {
            assertThat(found.state).isEqualTo(QuarantineList.State.MUTED);
            assertThat(found.why()).isEqualTo("quarantined: no reason given");
        });
        assertThat(list.of(name("s", "s", "n"))).isEmpty();
    }

    @Test
    void statesOtherThanMutedAndSkippedChangeNothing() {
        QuarantineList list = QuarantineList.parse("{\"project\":\"p\",\"tests\":[{\"suite\":\"s\",\"class\":\"c\",\"name\":\"n\",\"state\":\"enabled\"},"
                + "{\"suite\":\"s\",\"class\":\"c\",\"name\":\"m\",\"state\":\"retired\"}]}");

        assertThat(list.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<html>502</html>|not JSON at offset 0",
            "{\"project\":\"p\"}|no \"tests\" array",
            "{\"tests\":[1]}|not an object",
            "{\"tests\":[{\"suite\":\"s\",\"state\":\"muted\"}]}|without suite, name or state",
            "{\"tests\":[]} trailing|text after the value",
            "{\"tests\":[{\"suite\":\"s\"|unexpected end"})
    void anAnswerNotInTheContractsShapeSaysWhatIsWrong(String body, String problem) {
        assertThatThrownBy(() -> QuarantineList.parse(body)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
    }

    private static TestName name(String suite, String className, String name) {
        return new TestName(suite, className, name);
    }
}
