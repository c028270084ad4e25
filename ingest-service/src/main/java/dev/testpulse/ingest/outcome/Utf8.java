package dev.testpulse.ingest.outcome;

/**
 * Cuts text to a UTF-8 byte budget without splitting a character, because limits are about
 * what the text costs on the wire, not how many Java chars it has.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** Returns the longest prefix of {@code text} whose UTF-8 encoding fits in {@code maxBytes}; null stays null. */
    public static String truncate(String text, int maxBytes) {
        // Every char costs at most 3 bytes (a surrogate pair is 2 chars for 4 bytes), so short text needs no scan.
        if (text == null || (long) text.length() * 3 <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int index = 0;
        while (index < text.length()) {
            int codePoint = text.codePointAt(index);
            bytes += encodedLength(codePoint);
            if (bytes > maxBytes) {
                return text.substring(0, index);
            }
            index += Character.charCount(codePoint);
        }
        return text;
    }

    /** How many bytes {@code text} takes in UTF-8; 0 for null. */
    public static int length(String text) {
        if (text == null) {
            return 0;
        }
        int bytes = 0;
        for (int index = 0; index < text.length(); ) {
            int codePoint = text.codePointAt(index);
            bytes += encodedLength(codePoint);
            index += Character.charCount(codePoint);
        }
        return bytes;
    }

    private static int encodedLength(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }
}
