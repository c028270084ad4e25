package dev.testpulse.analysis.alerts;

import java.util.regex.Pattern;

/** Shell-style globs for suite and test names: {@code *} any run of characters, {@code ?} one character. */
final class Globs {

    private Globs() {
    }

    /** A null glob matches everything. */
    static boolean matches(String glob, String value) {
        if (glob == null) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.matches(regex.toString(), value == null ? "" : value);
    }
}
