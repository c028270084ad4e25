package dev.testpulse.reporter.junit;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Why a test did not pass, cut to the sizes ingest keeps (UTF-8 bytes). A class, not a record: Java 11. */
final class Failure {

    static final int MAX_TYPE = 500;
    static final int MAX_MESSAGE = 4096;
    static final int MAX_TRACE = 8192;

    private final String type;
    private final String message;
    private final String trace;

    private Failure(String type, String message, String trace) {
        this.type = Utf8.truncate(type, MAX_TYPE);
        this.message = Utf8.truncate(message, MAX_MESSAGE);
        this.trace = Utf8.truncate(trace, MAX_TRACE);
    }

    static Failure of(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return new Failure(thrown.getClass().getName(), thrown.getMessage(), trace.toString());
    }

    /** An aborted test: what the assumption said is worth keeping, the trace of a skip is not. */
    static Failure withoutTrace(Throwable thrown) {
        return new Failure(thrown.getClass().getName(), thrown.getMessage(), null);
    }

    static Failure reason(String reason) {
        return new Failure(null, reason, null);
    }

    String json() {
        return "{\"type\":" + Json.string(type) + ",\"message\":" + Json.string(message) + ",\"trace\":" + Json.string(trace) + "}";
    }
}
