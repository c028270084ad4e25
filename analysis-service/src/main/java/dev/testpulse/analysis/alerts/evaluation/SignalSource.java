package dev.testpulse.analysis.alerts.evaluation;

import java.sql.SQLException;
import java.util.Map;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.SeriesSignal;

/**
 * What one alert kind's condition says now, per series: one implementation per {@link AlertKind}, registered in
 * {@link SignalSources}. A new kind is a new implementation and its line there.
 */
public interface SignalSource {

    /** The kind whose rules this source judges. */
    AlertKind kind();

    /** The rule's series with news on this occasion, by fingerprint; series without news are not in it. */
    Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule) throws SQLException;
}
