package dev.testpulse.analysis.inbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.testpulse.analysis.outcome.Outcome;

/**
 * An inbox row's outcomes in a compact binary form: every field of {@link Outcome} but the schema name, the test file
 * and the stack trace, which no rule reads. As JSON, writing them in counting and reading them back in the evaluation
 * was a fifth of analysis' CPU in the benchmark's profile of 2026-12-06 (Jackson and its ISO-8601 instants).
 */
final class OutcomeCodec {

    /** The first byte of a row; JSON rows (the inbox's first form) begin with '{'. */
    static final byte VERSION = 1;

    private OutcomeCodec() {
    }

    static byte[] encode(List<Outcome> outcomes) {
        UnsharedBytes bytes = new UnsharedBytes(outcomes.size() * 160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(outcomes.size());
            for (Outcome o : outcomes) {
                write(out, o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void write(DataOutputStream out, Outcome o) throws IOException {
        string(out, o.id());
        string(out, o.project());
        string(out, o.pipeline());
        writeRun(out, o.run());
        string(out, o.suite());
        writeTest(out, o.test());
        string(out, o.status());
        out.writeLong(o.durationMs());
        Outcome.Failure failure = o.failure();
        out.writeBoolean(failure != null);
        if (failure != null) {
            string(out, failure.type());
            string(out, failure.message());
        }
        out.writeInt(o.retry());
        instant(out, o.observedAt());
        bool(out, o.flaky());
        bool(out, o.muted());
    }

    private static void writeRun(DataOutputStream out, Outcome.Run run) throws IOException {
        out.writeBoolean(run != null);
        if (run != null) {
            string(out, run.id());
            out.writeInt(run.attempt());
            string(out, run.job());
            string(out, run.commit());
            string(out, run.branch());
            instant(out, run.startedAt());
            string(out, run.url());
        }
    }

    private static void writeTest(DataOutputStream out, Outcome.Test test) throws IOException {
        out.writeBoolean(test != null);
        if (test != null) {
            string(out, test.className());
            string(out, test.name());
            out.writeInt(test.tags() == null ? -1 : test.tags().size());
            if (test.tags() != null) {
                for (String tag : test.tags()) {
                    string(out, tag);
                }
            }
        }
    }

    static List<Outcome> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new UnsharedInput(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("inbox row of unknown form " + version);
            }
            int count = in.readInt();
            List<Outcome> outcomes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                outcomes.add(read(in));
            }
            return outcomes;
        } catch (IOException e) {
            throw new UncheckedIOException("a truncated inbox row", e);
        }
    }

    /** Reads the fields in the order {@link #write} wrote them (Java evaluates arguments left to right). */
    private static Outcome read(DataInputStream in) throws IOException {
        String id = string(in);
        String project = string(in);
        String pipeline = string(in);
        Outcome.Run run = in.readBoolean()
                ? new Outcome.Run(string(in), in.readInt(), string(in), string(in), string(in), instant(in), string(in)) : null;
        String suite = string(in);
        Outcome.Test test = in.readBoolean() ? readTest(in) : null;
        String status = string(in);
        long durationMs = in.readLong();
        Outcome.Failure failure = in.readBoolean() ? new Outcome.Failure(string(in), string(in), null) : null;
        int retry = in.readInt();
        Instant observedAt = instant(in);
        Boolean flaky = bool(in);
        Boolean muted = bool(in);
        return new Outcome(null, id, project, pipeline, run, suite, test, status, durationMs, failure, retry, observedAt, flaky, muted);
    }

    private static Outcome.Test readTest(DataInputStream in) throws IOException {
        String className = string(in);
        String name = string(in);
        int tagCount = in.readInt();
        List<String> tags = tagCount < 0 ? null : new ArrayList<>(tagCount);
        for (int t = 0; t < tagCount; t++) {
            tags.add(string(in));
        }
        return new Outcome.Test(className, name, null, tags);
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = in.readNBytes(length);
        if (utf8.length != length) {
            throw new IOException("string cut short");
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void instant(DataOutputStream out, Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getEpochSecond());
            out.writeInt(value.getNano());
        }
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void bool(DataOutputStream out, Boolean value) throws IOException {
        out.writeByte(value == null ? 2 : value ? 1 : 0);
    }

    private static Boolean bool(DataInputStream in) throws IOException {
        byte value = in.readByte();
        return value == 2 ? null : value == 1;
    }

    /**
     * ByteArrayOutputStream without its lock: Java 17's DataOutputStream writes an int as four single bytes, and each
     * took ByteArrayOutputStream's monitor (the codec's largest own cost in the benchmark's profile). One thread owns it.
     */
    private static final class UnsharedBytes extends ByteArrayOutputStream {

        UnsharedBytes(int size) {
            super(size);
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }

    /** ByteArrayInputStream without its lock, for the same reason as {@link UnsharedBytes}. */
    private static final class UnsharedInput extends ByteArrayInputStream {

        UnsharedInput(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int read() {
            return pos < count ? buf[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= count) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, count - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
