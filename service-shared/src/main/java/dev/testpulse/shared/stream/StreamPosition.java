package dev.testpulse.shared.stream;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far into {@code testpulse.outcomes} an upload reached: for each partition it published to, the offset after its
 * last record there. Ingest answers it with a 202 ({@link #HEADER} and the body's {@code position}); a verdict request
 * passes it back as {@code after=}, and analysis answers once its counted offsets reached it (read your own writes).
 * Text form: {@code <partition>.<next offset>} in base 36, joined by {@code -} (only URL-safe characters, so a shell
 * line needs no encoding); opaque to users.
 */
public record StreamPosition(Map<Integer, Long> nextOffsets) {

    /** The response header ingest puts the position in. */
    public static final String HEADER = "Testpulse-Position";

    /** Longer texts are refused before any parsing: no upload reaches that many partitions. */
    public static final int MAX_CHARS = 4096;

    private static final Pattern ENTRY = Pattern.compile("([0-9a-z]{1,6})\\.([0-9a-z]{1,13})");

    /** An upload that published nothing; its text is empty. */
    public static final StreamPosition NONE = new StreamPosition(Map.of());

    public StreamPosition {
        nextOffsets = Collections.unmodifiableMap(new TreeMap<>(nextOffsets));
    }

    public String encode() {
        StringBuilder text = new StringBuilder();
        nextOffsets.forEach((partition, offset) -> text.append(text.isEmpty() ? "" : "-")
                .append(Integer.toString(partition, 36)).append('.').append(Long.toString(offset, 36)));
        return text.toString();
    }

    /** @throws IllegalArgumentException saying what is wrong, for a text {@link #encode()} cannot have written */
    public static StreamPosition parse(String text) {
        if (text == null || text.isEmpty()) {
            return NONE; // an upload of no outcomes reached nowhere: nothing to wait for
        }
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("is longer than " + MAX_CHARS + " characters");
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        for (String entry : text.split("-", -1)) {
            Matcher matcher = ENTRY.matcher(entry);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("is not a position written by ingest (at '" + shortened(entry) + "')");
            }
            int partition = Integer.parseInt(matcher.group(1), 36);
            long offset;
            try {
                offset = Long.parseLong(matcher.group(2), 36);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("names an offset out of range (at '" + entry + "')");
            }
            if (offsets.put(partition, offset) != null) {
                throw new IllegalArgumentException("names partition " + partition + " twice");
            }
        }
        return new StreamPosition(offsets);
    }

    /** Whether {@code reached} (next offsets per partition, a partition absent: nothing yet) is at or past this. */
    public boolean reachedBy(Map<Integer, Long> reached) {
        return nextOffsets.entrySet().stream().allMatch(e -> reached.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static String shortened(String entry) {
        String printable = entry.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
