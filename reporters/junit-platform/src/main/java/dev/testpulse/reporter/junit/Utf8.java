package dev.testpulse.reporter.junit;

/**
 * Cuts text to ingest's limits, which count UTF-8 bytes: an over-long name would make ingest refuse the whole batch
 * it came in, so the reporter cuts first, and never inside a surrogate pair.
 */
final class Utf8 {

    private Utf8() {
    }

    static String truncate(String text, int maxBytes) {
        if (text == null) {
            return null;
        }
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            // a lone surrogate is sent as U+FFFD (Json), three bytes like the rest of the BMP above U+07FF
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                return text.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return text;
    }
}
