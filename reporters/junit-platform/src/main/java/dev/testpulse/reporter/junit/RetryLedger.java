package dev.testpulse.reporter.junit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * How often each test already ran in this run, across the JVMs of the build: Surefire's forks, Gradle's workers, a
 * rerun in a new JVM, modules sharing one run id. Each execution appends one line ({@code key status}) to a file
 * per run under the build directory, under a {@link FileLock}; a JVM reads the lines the others appended since it
 * last looked. So the next JVM that runs a test gives it the next retry number (a different outcome id, not a
 * duplicate ingest drops) and marks it flaky once passes and failures mix, while a re-upload of the same execution
 * keeps its id.
 *
 * <p>When the file cannot be used (a read-only directory) the ledger counts in memory: the same JVM still numbers
 * its own reruns.
 */
final class RetryLedger implements AutoCloseable {

    /** The retry number of an execution and whether the test both passed and failed in this run so far. */
    static final class Try {

        final int retry;
        final boolean flaky;

        Try(int retry, boolean flaky) {
            this.retry = retry;
            this.flaky = flaky;
        }
    }

    private static final int PASSED = 1;
    private static final int FAILED = 2;

    // per test key: [executions, statuses seen as bits]
    private final Map<String, int[]> seen = new HashMap<>();
    private final Path file;
    private FileChannel channel;
    private long readUpTo;

    private RetryLedger(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The ledger of {@code run} in {@code dir}; in memory when the file cannot be opened. */
    static RetryLedger open(Path dir, String project, RunContext run) {
        String name = "ledger-" + Hashes.hex(String.join("\0", project, run.pipeline(), run.id(), Integer.toString(run.attempt()),
                run.job() == null ? "" : run.job()), 8) + ".txt";
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            return new RetryLedger(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            return new RetryLedger(file, null);
        }
    }

    /** Records one execution of the test and tells which try of it this is. */
    synchronized Try record(TestName test, Status status) {
        String key = Hashes.hex(String.join("\0", test.suite, test.className == null ? "" : test.className, test.name), 12);
        int bit = status == Status.PASSED ? PASSED : status == Status.FAILED || status == Status.ERROR ? FAILED : 0;
        if (channel != null) {
            try (FileLock lock = channel.lock()) {
                readOthers();
                channel.write(ByteBuffer.wrap((key + " " + bit + "\n").getBytes(StandardCharsets.US_ASCII)), channel.size());
                readUpTo = channel.size();
            } catch (IOException | RuntimeException e) {
                // another JVM's lines may be missed from here on; this JVM's own reruns are still numbered
                closeQuietly();
            }
        }
        int[] counts = seen.computeIfAbsent(key, k -> new int[2]);
        int retry = counts[0];
        counts[0]++;
        counts[1] |= bit;
        return new Try(retry, counts[1] == (PASSED | FAILED) && bit != 0);
    }

    /** The lines other JVMs appended since this one last read; a line is always written whole under the lock. */
    private void readOthers() throws IOException {
        long size = channel.size();
        if (size <= readUpTo) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, size - readUpTo));
        while (buffer.hasRemaining() && channel.read(buffer, readUpTo + buffer.position()) > 0) {
            // read to the end
        }
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                int[] counts = seen.computeIfAbsent(line.substring(0, space), k -> new int[2]);
                counts[0]++;
                try {
                    counts[1] |= Integer.parseInt(line.substring(space + 1).trim());
                } catch (NumberFormatException e) {
                    // a line cut by a crashed JVM still counts as an execution
                }
            }
        }
        readUpTo = size;
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
            channel = null;
        }
    }
}
