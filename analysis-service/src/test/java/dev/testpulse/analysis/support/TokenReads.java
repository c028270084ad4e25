package dev.testpulse.analysis.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Reads behind tokens ({@code testpulse.auth.read=token}), as in compose and Kubernetes. One class for every test that
 * needs it: Quarkus boots the application again for each distinct profile class, even when two declare the same
 * overrides (TestProfilesTest keeps it that way).
 */
public class TokenReads implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("testpulse.auth.read", "token");
    }
}
