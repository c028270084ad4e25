package dev.testpulse.ingest.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8Test {

    @ParameterizedTest(name = "''{0}'' is {1} bytes")
    @CsvSource({"'', 0", "abc, 3", "é, 2", "試, 3", "\uD83D\uDE00, 4", "a\u00e9\u8a66\uD83D\uDE00, 10"})
    void countsUtf8Bytes(String text, int bytes) {
        assertThat(Utf8.length(text)).isEqualTo(bytes).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest(name = "{0} cut to {1} bytes is {2}")
    @CsvSource({
            "abcdef, 4, abcd",
            "aé, 2, a", // é is 2 bytes: never half of it
            "a試, 3, a", // 試 is 3 bytes
            "a\uD83D\uDE00, 4, a", // a surrogate pair is 4 bytes: never one half of it
            "a\uD83D\uDE00, 5, a\uD83D\uDE00",
            "short, 100, short"})
    void truncatesOnCharacterBoundaries(String text, int maxBytes, String expected) {
        String cut = Utf8.truncate(text, maxBytes);
        assertThat(cut).isEqualTo(expected);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(maxBytes);
    }
}
