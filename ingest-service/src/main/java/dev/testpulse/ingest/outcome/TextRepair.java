package dev.testpulse.ingest.outcome;

/**
 * Repairs client text so that no input can stop counting: PostgreSQL refuses U+0000 in text, an unpaired surrogate
 * has no UTF-8 encoding, and control characters in a name break every table and log line that shows it. One odd
 * character is no reason to lose an upload, so it is replaced by U+FFFD rather than refused.
 * The rules per field are in docs/outcome-fields.md.
 */
public final class TextRepair {

    public static final char REPLACEMENT = '\uFFFD';

    private TextRepair() {
    }

    /**
     * For names and identities (pipeline, run id, job, suite, class, test name, tags, ...): each run of TAB, CR and LF
     * becomes one space, every other control character and DEL becomes U+FFFD, and the result is stripped of
     * surrounding whitespace. Null stays null; a name of only whitespace becomes empty.
     */
    public static String name(String text) {
        return text == null ? null : repair(text, true).strip();
    }

    /** For free text (failure message and trace): keeps TAB, CR and LF, replaces other controls and DEL by U+FFFD. */
    public static String text(String text) {
        return text == null ? null : repair(text, false);
    }

    private static String repair(String text, boolean name) {
        if (isClean(text, name)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean afterBreak = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = isLineBreak(c);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (lineBreak && name) {
                if (!afterBreak) {
                    out.append(' ');
                }
            } else if (lineBreak) {
                out.append(c);
            } else {
                out.append(isControl(c) || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
            afterBreak = lineBreak;
        }
        return out.toString();
    }

    /** Nearly all text needs no repair: checking first spares a copy of every name and trace. */
    private static boolean isClean(String text, boolean name) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean dirty = isLineBreak(c) ? name : isControl(c) || Character.isSurrogate(c);
            if (dirty) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLineBreak(char c) {
        return c == '\t' || c == '\n' || c == '\r';
    }

    /** C0 (U+0000-U+001F, including TAB, CR and LF), DEL (U+007F) and C1 (U+0080-U+009F). */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }
}
