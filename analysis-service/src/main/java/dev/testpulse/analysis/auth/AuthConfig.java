package dev.testpulse.analysis.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may read ({@code testpulse.auth.*}); writes always need a token. The admin token is {@code testpulse.admin-token}. */
@ConfigMapping(prefix = "testpulse.auth")
public interface AuthConfig {

    /** {@code open}: reads need no token (the local run); {@code token}: every read needs the project's token or the admin's. */
    @WithDefault("open")
    ReadAccess read();

    /** Whether reads are open to anyone or need a token. */
    enum ReadAccess {
        OPEN, TOKEN
    }
}
