package dev.testpulse.auth;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A project token as kept on the compacted token topic (key: {@link #id()}): its SHA-256, never the token itself.
 * A revocation is the same record again with {@code revokedAt} set, so compaction keeps it as the last word.
 */
public record TokenRecord(String id, String project, String sha256, String description, Instant createdAt, Instant revokedAt) {

    /** The one shape of a project key, shared by every place that names a project. */
    public static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public boolean active() {
        return revokedAt == null;
    }

    public TokenRecord revoked(Instant at) {
        return new TokenRecord(id, project, sha256, description, createdAt, at);
    }

    /** Why this is not a usable token record (another kind of JSON on the topic, say), or null when it is one. */
    String defect() {
        if (id == null || id.isBlank()) {
            return "no id";
        }
        if (project == null || !PROJECT.matcher(project).matches()) {
            return "no valid project";
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return "no SHA-256";
        }
        return createdAt == null ? "no created_at" : null;
    }
}
