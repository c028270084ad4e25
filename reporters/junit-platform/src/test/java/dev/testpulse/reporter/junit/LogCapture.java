package dev.testpulse.reporter.junit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The reporter's java.util.logging records while a test runs. */
final class LogCapture extends Handler implements AutoCloseable {

    // held strongly: java.util.logging keeps loggers only weakly, and the handler would go with a collected one
    private final Logger logger = Logger.getLogger(TestpulseReporter.LOGGER);
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture() {
        logger.addHandler(this);
    }

    List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
