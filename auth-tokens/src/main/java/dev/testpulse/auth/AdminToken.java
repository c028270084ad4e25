package dev.testpulse.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one admin token of a deployment, read by both services from {@code testpulse.admin-token}
 * ({@code TESTPULSE_ADMIN_TOKEN}); {@code testpulse.ingest.admin-token} ({@code TESTPULSE_INGEST_ADMIN_TOKEN}), its
 * older name, still works when the new one is not set. Never logged.
 */
public final class AdminToken {

    public static final String KEY = "testpulse.admin-token";
    public static final String ALIAS = "testpulse.ingest.admin-token";
    public static final int MIN_LENGTH = 32;
    /** Values that appear in our own examples, compose file and tests, or in everyone's: never a production secret. */
    private static final Set<String> WELL_KNOWN = Set.of("change-me", "changeme", "compose-admin-change-me", "test-admin-token",
            "pair-admin-token", "admin", "secret", "password", "token");

    private final String value;

    private AdminToken(String value) {
        this.value = value;
    }

    /** The admin token as configured, looked up through {@code config} (a key to its value, if set). */
    public static AdminToken from(Function<String, Optional<String>> config) {
        return new AdminToken(config.apply(KEY).filter(v -> !v.isBlank())
                .or(() -> config.apply(ALIAS).filter(v -> !v.isBlank())).map(String::trim).orElse(null));
    }

    public boolean configured() {
        return value != null;
    }

    /** True when {@code presented} is the admin token (compared in constant time). */
    public boolean matches(String presented) {
        return value != null && presented != null && Tokens.same(presented, value);
    }

    /** Why this token must not guard a production deployment, or empty when it may. */
    public Optional<String> weakness() {
        if (value == null) {
            return Optional.of("no admin token: set " + KEY + " (TESTPULSE_ADMIN_TOKEN) to a random secret of at least "
                    + MIN_LENGTH + " characters, e.g. `openssl rand -base64 32`");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (WELL_KNOWN.contains(lower) || lower.contains("change-me") || lower.contains("changeme")) {
            return Optional.of("the admin token (" + KEY + ", TESTPULSE_ADMIN_TOKEN) is a well-known example value: "
                    + "set your own random secret, e.g. `openssl rand -base64 32`");
        }
        if (value.length() < MIN_LENGTH) {
            return Optional.of("the admin token (" + KEY + ", TESTPULSE_ADMIN_TOKEN) has " + value.length()
                    + " characters; it needs at least " + MIN_LENGTH + ", e.g. `openssl rand -base64 32`");
        }
        return Optional.empty();
    }

    /** @throws IllegalStateException with a message saying what to set, when the token is {@link #weakness() weak} */
    public void requireStrong() {
        weakness().ifPresent(problem -> {
            throw new IllegalStateException("refusing to start: " + problem);
        });
    }

    @Override
    public String toString() {
        return configured() ? "AdminToken[set]" : "AdminToken[unset]";
    }
}
