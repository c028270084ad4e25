package dev.testpulse.analysis.outcome;

/** A record value that is JSON but not readable as an outcome: a field of the wrong type or out of range. */
final class MalformedOutcome extends RuntimeException {

    MalformedOutcome(String message) {
        super(message, null, false, false);
    }
}
