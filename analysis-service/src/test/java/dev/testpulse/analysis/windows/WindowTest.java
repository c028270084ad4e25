package dev.testpulse.analysis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.testpulse.shared.problem.ProblemException;

class WindowTest {

    private static Window parse(String text) {
        return Window.parse(text, 20, 500, Duration.ofDays(30));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"runs:20, runs:20", "runs:1, runs:1", "runs:500, runs:500", " runs:7 , runs:7"})
    void parsesLastRuns(String text, String label) {
        assertThat(parse(text)).isInstanceOf(Window.LastRuns.class).extracting(Window::label).isEqualTo(label);
    }

    @ParameterizedTest(name = "{0} -> {1} s")
    @CsvSource({"1h, 3600", "24h, 86400", "7d, 604800", "30m, 1800", "30d, 2592000"})
    void parsesSlidingWindows(String text, long seconds) {
        Window window = parse(text);
        assertThat(window).isInstanceOf(Window.Sliding.class);
        assertThat(((Window.Sliding) window).length()).hasSeconds(seconds);
        assertThat(window.label()).isEqualTo(text);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void defaultsToTheLastNRuns(String text) {
        assertThat(parse(text)).isEqualTo(new Window.LastRuns(20));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"runs:0", "runs:501", "runs:", "runs:x", "0h", "31d", "1w", "7", "d7", "-1h", "24 h", "lastweek"})
    void refusesAnythingElseNamingTheParameter(String text) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo("window"))
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400));
    }
}
