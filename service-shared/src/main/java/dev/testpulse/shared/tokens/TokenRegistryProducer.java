package dev.testpulse.shared.tokens;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.testpulse.auth.AdminToken;
import dev.testpulse.auth.TokenRegistry;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;

/**
 * The token model as CDI beans, the same in both services: the registry of the compacted token topic
 * ({@code testpulse.tokens-topic}: ingest writes it, every instance of both services reads it whole) and the admin token.
 */
public class TokenRegistryProducer {

    @Produces
    @Singleton
    @Startup
    TokenRegistry registry(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "testpulse.tokens-topic", defaultValue = "testpulse.tokens") String topic,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        return TokenRegistry.start(bootstrap, topic, application + "-token-registry");
    }

    void close(@Disposes TokenRegistry registry) {
        registry.close();
    }

    /** A packaged service (the prod profile, or any other) refuses to start without a strong admin token. */
    @Produces
    @Singleton
    @Startup
    AdminToken adminToken(Config config) {
        AdminToken admin = AdminToken.from(key -> config.getOptionalValue(key, String.class));
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            admin.requireStrong();
        }
        return admin;
    }
}
