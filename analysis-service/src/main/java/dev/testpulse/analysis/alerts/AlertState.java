package dev.testpulse.analysis.alerts;

/** Where one alert series stands: quiet, breaching but not yet for long enough, or firing. */
public enum AlertState {
    OK,
    PENDING,
    FIRING
}
