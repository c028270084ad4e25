package dev.testpulse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminTokenTest {

    private static final String STRONG = "k3Jd9sQm2vXw8LpRt5YbN1cHz7gFa4Ue";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null                               | no admin token",
            "'   '                              | no admin token",
            "change-me                          | well-known",
            "compose-admin-change-me            | well-known",
            "CHANGE-ME-please-0123456789abcdefghij | well-known",
            "test-admin-token                   | well-known",
            "short-but-random-9f8e              | has 21 characters",
            "k3Jd9sQm2vXw8LpRt5YbN1cHz7gFa4U    | has 31 characters"})
    void refusesWeakTokens(String token, String problem) {
        AdminToken admin = AdminToken.from(key -> key.equals(AdminToken.KEY) ? Optional.ofNullable(token) : Optional.empty());
        assertThat(admin.weakness()).hasValueSatisfying(message -> assertThat(message).contains(problem));
        assertThatThrownBy(admin::requireStrong).hasMessageStartingWith("refusing to start: ");
    }

    @Test
    void acceptsARandomTokenOfThirtyTwoCharacters() {
        AdminToken admin = AdminToken.from(key -> Optional.ofNullable(Map.of(AdminToken.KEY, STRONG).get(key)));
        assertThat(admin.weakness()).isEmpty();
        assertThat(admin.matches(STRONG)).isTrue();
        assertThat(admin.matches(STRONG + "x")).isFalse();
        assertThat(admin.matches(null)).isFalse();
        assertThat(admin.toString()).doesNotContain(STRONG);
    }

    @Test
    void theIngestNameIsAnAliasAndTheNewNameWins() {
        Map<String, String> both = Map.of(AdminToken.KEY, STRONG, AdminToken.ALIAS, "old-" + STRONG);
        assertThat(AdminToken.from(key -> Optional.ofNullable(both.get(key))).matches(STRONG)).isTrue();
        Map<String, String> alias = Map.of(AdminToken.ALIAS, "old-" + STRONG);
        assertThat(AdminToken.from(key -> Optional.ofNullable(alias.get(key))).matches("old-" + STRONG)).isTrue();
        assertThat(AdminToken.from(key -> Optional.empty()).configured()).isFalse();
    }
}
