package dev.testpulse.ingest.xml;

/**
 * Collects element text up to a cap and silently drops the rest, so a multi-megabyte
 * stack trace costs no more memory than the part we keep.
 */
public final class BoundedText {

    private final StringBuilder text = new StringBuilder();
    private final int maxChars;

    /** @param maxChars chars kept; a char is at least one UTF-8 byte, so a byte budget works as a char cap */
    public BoundedText(int maxChars) {
        this.maxChars = maxChars;
    }

    void append(char[] chars, int start, int length) {
        int room = maxChars - text.length();
        if (room > 0) {
            text.append(chars, start, Math.min(room, length));
        }
    }

    /** The text without leading blank lines and trailing whitespace, or null when there is none. */
    public String trimmed() {
        int start = 0;
        for (int i = 0; i < text.length() && Character.isWhitespace(text.charAt(i)); i++) {
            if (text.charAt(i) == '\n') {
                start = i + 1;
            }
        }
        // Only whole blank lines go: the first line's own indentation can matter (Go test output).
        String result = text.substring(start).stripTrailing();
        return result.isEmpty() ? null : result;
    }

    /** First non-blank line, trimmed, or null: the message of a failure that has no message attribute. */
    public String firstLine() {
        String all = trimmed();
        if (all == null) {
            return null;
        }
        return all.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
    }
}
