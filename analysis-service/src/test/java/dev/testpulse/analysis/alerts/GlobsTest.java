package dev.testpulse.analysis.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobsTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(nullValues = "null", value = {
            "*, anything, true",
            "web*, websocket, true",
            "web*, api, false",
            "*socket, websocket, true",
            "a?c, abc, true",
            "a?c, abbc, false",
            "a.c, abc, false",
            "a.c, a.c, true",
            "[x], [x], true",
            "null, anything, true",
            "checkout, checkout, true",
            "checkout, checkout2, false"})
    void matchesLikeAShell(String glob, String value, boolean matches) {
        assertThat(Globs.matches(glob, value)).isEqualTo(matches);
    }
}
