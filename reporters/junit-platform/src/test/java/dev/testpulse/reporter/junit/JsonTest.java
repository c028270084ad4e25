package dev.testpulse.reporter.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hand-written JSON and the byte limits, checked against a real JSON parser. */
class JsonTest {

    @Test
    void escapesWhatJsonRequiresAndReplacesLoneSurrogates() throws Exception {
        String text = "say \"hi\" \\ tab\t nul\u0000 esc\u001b emoji \uD83D\uDE00 lone \uD800 end \uDC00";

        String parsed = FakeIngest.JSON.readTree(Json.string(text)).asText();

        assertThat(parsed).isEqualTo("say \"hi\" \\ tab\t nul\u0000 esc\u001b emoji \uD83D\uDE00 lone \uFFFD end \uFFFD");
        assertThat(Json.string(null)).isEqualTo("null");
    }

    @Test
    void truncationCountsUtf8BytesAndNeverSplitsACharacter() {
        String text = "aé\uD83D\uDE00z"; // 1 + 2 + 4 + 1 bytes

        assertThat(Utf8.truncate(text, 8)).isEqualTo(text);
        assertThat(Utf8.truncate(text, 7)).isEqualTo("aé\uD83D\uDE00");
        assertThat(Utf8.truncate(text, 6)).isEqualTo("aé");
        assertThat(Utf8.truncate(text, 2)).isEqualTo("a");
        assertThat(Utf8.truncate("\uD800x", 3)).isEqualTo("\uD800");
    }
}
