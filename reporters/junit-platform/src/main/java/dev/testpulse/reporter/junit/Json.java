package dev.testpulse.reporter.junit;

/** JSON string literals, written by hand so the reporter needs nothing but the JDK and the launcher API. */
final class Json {

    private Json() {
    }

    /** {@code null} as JSON null; otherwise a quoted string in which a lone surrogate, having no UTF-8 form, is U+FFFD. */
    static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
