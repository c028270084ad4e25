package dev.testpulse.ingest.auth;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.testpulse.auth.AdminToken;
import dev.testpulse.auth.TokenRegistry;
import dev.testpulse.ingest.IngestConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;

/** The shared token model as CDI beans: the token topic's registry, started with the app, and the admin token. */
public class TokenRegistryProducer {

    @Produces
    @Singleton
    @Startup
    TokenRegistry registry(IngestConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        return TokenRegistry.start(bootstrap, config.tokensTopic(), "ingest-token-registry");
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
