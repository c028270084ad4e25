package dev.testpulse.ingest.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextRepairTest {

    private static final String FFFD = "\uFFFD";
    private static final String GRINNING = "\uD83D\uDE00"; // one code point, a surrogate pair in Java

    static Stream<Arguments> names() {
        return Stream.of(
                arguments("plain name", "resumesAfterRestart", "resumesAfterRestart"),
                arguments("NUL, which PostgreSQL refuses", "a\0b", "a" + FFFD + "b"),
                arguments("unpaired high surrogate", "a\uD83Db", "a" + FFFD + "b"),
                arguments("unpaired low surrogate", "a\uDE00b", "a" + FFFD + "b"),
                arguments("high surrogate at the end", "ab\uD83D", "ab" + FFFD),
                arguments("a surrogate pair is kept", "a" + GRINNING, "a" + GRINNING),
                arguments("TAB becomes a space", "a\tb", "a b"),
                arguments("CRLF becomes one space", "a\r\nb", "a b"),
                arguments("a run of breaks becomes one space", "a\n\n\t\rb", "a b"),
                arguments("breaks around are trimmed away", "\n  a b \r\n", "a b"),
                arguments("other C0 control", "a\u0001b\u001Fc", "a" + FFFD + "b" + FFFD + "c"),
                arguments("ESC of an ANSI colour", "\u001B[31mred", FFFD + "[31mred"),
                arguments("DEL", "a\u007Fb", "a" + FFFD + "b"),
                arguments("C1 control NEL", "a\u0085b", "a" + FFFD + "b"),
                arguments("U+00A0 is not a control", "a\u00A0b", "a\u00A0b"),
                arguments("only whitespace becomes empty", " \t\n ", ""),
                arguments("non-Latin text is kept", "  тест 試験 ", "тест 試験"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void repairsNames(String what, String input, String expected) {
        assertThat(TextRepair.name(input)).isEqualTo(expected);
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                arguments("a trace keeps its lines and tabs", "E: boom\n\tat A.b(A.java:1)\r\n", "E: boom\n\tat A.b(A.java:1)\r\n"),
                arguments("NUL", "got \0 bytes", "got " + FFFD + " bytes"),
                arguments("unpaired surrogate", "x\uDE00", "x" + FFFD),
                arguments("ANSI colours", "\u001B[31mexpected\u001B[0m", FFFD + "[31mexpected" + FFFD + "[0m"),
                arguments("DEL and C1", "\u007F\u009F", FFFD + FFFD),
                arguments("surrounding blanks are kept", "  indented\n", "  indented\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void repairsFreeText(String what, String input, String expected) {
        assertThat(TextRepair.text(input)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void keepsNull() {
        assertThat(TextRepair.name(null)).isNull();
        assertThat(TextRepair.text(null)).isNull();
    }
}
