package dev.testpulse.analysis.alerts.state;

/** Where one alert series stands: quiet, breaching but not yet for long enough, or firing. */
public enum AlertState {
    OK,
    PENDING,
    FIRING
}
