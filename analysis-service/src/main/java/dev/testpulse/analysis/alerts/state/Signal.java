package dev.testpulse.analysis.alerts.state;

/**
 * What one evaluation of a rule's condition says. HOLD covers both the hysteresis band and "too little data to
 * tell", so the state machine never acts on a reading it cannot trust.
 */
public enum Signal {
    /** The condition holds, e.g. the rate is below the threshold. */
    BREACH,
    /** In the hysteresis band, or not enough data to say either way. */
    HOLD,
    /** The condition clearly does not hold, e.g. the rate is above the recovery threshold. */
    CLEAR
}
