package dev.testpulse.analysis.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobsTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(nullValues = "null", value = {
            "*, anything, true",
            "*, '', true",
            "'', '', true",
            "'', a, false",
            "web*, websocket, true",
            "web*, api, false",
            "*socket, websocket, true",
            "*socket, socket, true",
            "*socket, ocket, false",
            "a?c, abc, true",
            "a?c, abbc, false",
            "a?c, ac, false",
            "a.c, abc, false",
            "a.c, a.c, true",
            "[x], [x], true",
            "null, anything, true",
            "checkout, checkout, true",
            "checkout, checkout2, false",
            "a*b*c, abc, true",
            "a*b*c, aXbYc, true",
            "a*b*c, acb, false",
            "a*a, a, false",
            "a*a, aa, true",
            "*a*, bab, true",
            "**, x, true",
            "*?*, '', false",
            "*?*, x, true",
            "ab*ba, aba, false",
            "ab*ba, abba, true",
            "*ab*ab*, abab, true",
            "*ab*ab*, aab, false",
            "*.IT, OrderIT, false",
            "*IT, OrderIT, true",
            "web*ket*, websocket-tests, true",
            "w?b*s?cket, websocket, true"})
    void matchesLikeAShell(String glob, String value, boolean matches) {
        assertThat(Globs.matches(glob, value)).isEqualTo(matches);
    }

    /** Early rules match globs in PostgreSQL (RunsInScope): the same wildcards, LIKE's own taken literally. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "null, null",
            "checkout, checkout",
            "web*, web%",
            "a?c, a_c",
            "*IT, %IT",
            "100%_done, 100\\%\\_done",
            "a\\b, a\\\\b"})
    void translatesToALikePatternWithBackslashEscapes(String glob, String like) {
        assertThat(Globs.like(glob)).isEqualTo(like);
    }

    @Test
    void agreesWithARegularExpressionOnEveryShortGlobAndName() {
        String[] alphabet = {"a", "b", "*", "?"};
        for (String glob : words(alphabet, 4)) {
            Pattern regex = Pattern.compile(glob.replace("?", ".").replace("*", ".*"));
            for (String name : words(new String[] {"a", "b"}, 5)) {
                assertThat(Globs.matches(glob, name)).as(glob + " ~ " + name).isEqualTo(regex.matcher(name).matches());
            }
        }
    }

    @Test
    void aHostileGlobAgainstALongNameFinishesInstantly() {
        String glob = "*a".repeat(99) + "*b";
        String name = "a".repeat(10_000);
        long started = System.nanoTime();
        assertThat(Globs.matches(glob, name)).isFalse();
        assertThat(Globs.matches(glob, name + "b")).isTrue();
        assertThat(Globs.matches(glob + "*", name)).isFalse();
        assertThat(Globs.matches("?*".repeat(100), name)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(200));
    }

    private static java.util.List<String> words(String[] alphabet, int maxLength) {
        java.util.List<String> words = new java.util.ArrayList<>(java.util.List.of(""));
        java.util.List<String> last = java.util.List.of("");
        for (int length = 1; length <= maxLength; length++) {
            java.util.List<String> next = new java.util.ArrayList<>();
            for (String word : last) {
                for (String letter : alphabet) {
                    next.add(word + letter);
                }
            }
            words.addAll(next);
            last = next;
        }
        return words;
    }
}
