package dev.testpulse.shared.http;

import jakarta.ws.rs.core.UriInfo;

/** A request path as it may appear in a log line: control characters escaped, so a {@code %0a} cannot forge a line. */
public final class LogSafe {

    private static final int MAX_CHARS = 300;

    private LogSafe() {
    }

    public static String path(UriInfo uri) {
        return text(uri.getPath());
    }

    public static String text(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 16);
        for (int i = 0; i < value.length() && safe.length() < MAX_CHARS; i++) {
            char c = value.charAt(i);
            safe.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return value.length() > MAX_CHARS ? safe + "…" : safe.toString();
    }
}
