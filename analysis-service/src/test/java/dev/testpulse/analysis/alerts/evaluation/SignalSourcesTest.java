package dev.testpulse.analysis.alerts.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.SeriesSignal;

class SignalSourcesTest {

    @Test
    void registersOneSourcePerKind() {
        List<SignalSource> all = Arrays.stream(AlertKind.values()).map(SignalSourcesTest::source).toList();
        assertThat(SignalSources.register(all)).hasSize(AlertKind.values().length)
                .allSatisfy((kind, source) -> assertThat(source.kind()).isEqualTo(kind));
    }

    @Test
    void aKindWithoutASourceOrWithTwoIsRefused() {
        List<SignalSource> missing = new ArrayList<>(Arrays.stream(AlertKind.values()).map(SignalSourcesTest::source).toList());
        missing.remove(0);
        assertThatThrownBy(() -> SignalSources.register(missing)).hasMessageContaining("no signal source for rate_below");
        List<SignalSource> twice = new ArrayList<>(Arrays.stream(AlertKind.values()).map(SignalSourcesTest::source).toList());
        twice.add(source(AlertKind.FLAKY_DETECTED));
        assertThatThrownBy(() -> SignalSources.register(twice)).hasMessageContaining("two signal sources for flaky_detected");
    }

    private static SignalSource source(AlertKind kind) {
        return new SignalSource() {
            @Override
            public AlertKind kind() {
                return kind;
            }

            @Override
            public Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule) {
                return Map.of();
            }
        };
    }
}
