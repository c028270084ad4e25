package dev.testpulse.ingest.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.testpulse.ingest.outcome.Utf8;

/**
 * The optional {@code run.url}: a link to the CI run's page that the dashboard renders as a link, so only absolute
 * http(s) URLs with a host pass (a {@code javascript:} or {@code data:} URL would run in the viewer's browser).
 */
final class RunUrl {

    static final int MAX_BYTES = 2000;

    private RunUrl() {
    }

    /** Why {@code url} (already repaired) is refused, or null when it is absent or fine. */
    static String problemWith(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        int bytes = Utf8.length(url);
        if (bytes > MAX_BYTES) {
            return "must be at most " + MAX_BYTES + " bytes of UTF-8, was " + bytes;
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return null;
            }
        } catch (URISyntaxException e) {
            // falls through to the one message below
        }
        return "must be an absolute http or https URL, was '" + url + "'";
    }
}
