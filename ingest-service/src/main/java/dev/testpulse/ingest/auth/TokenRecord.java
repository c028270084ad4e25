package dev.testpulse.ingest.auth;

import java.time.Instant;

/**
 * A project token as kept on the compacted token topic (key: {@link #id()}): its SHA-256, never the token itself.
 * A revocation is the same record again with {@code revokedAt} set, so compaction keeps it as the last word.
 */
public record TokenRecord(String id, String project, String sha256, String description, Instant createdAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }

    TokenRecord revoked(Instant at) {
        return new TokenRecord(id, project, sha256, description, createdAt, at);
    }
}
