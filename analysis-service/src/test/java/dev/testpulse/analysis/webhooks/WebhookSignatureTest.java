package dev.testpulse.analysis.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The signature as docs/alerts.md describes it, checked against a value computed with openssl. */
class WebhookSignatureTest {

    private static final String BODY = "{\"id\":\"e1\"}";

    @Test
    void isTheHmacSha256OfTimestampDotBodyInHex() {
        // printf '%s' '1700000000.{"id":"e1"}' | openssl dgst -sha256 -hmac 'whsec_test'
        assertThat(WebhookSignature.header("whsec_test", 1_700_000_000L, BODY))
                .isEqualTo("t=1700000000,v1=6a85cb117c993612a34c72b4cfb5a16baed25a80d26e298ce0e6671320fd07c8");
    }

    @Test
    void verifiesOnlyTheSameBodySecretAndARecentTimestamp() {
        String header = WebhookSignature.header("whsec_test", 1_700_000_000L, BODY);
        assertThat(WebhookSignature.verify("whsec_test", header, BODY, 1_700_000_100L, 300)).isTrue();
        assertThat(WebhookSignature.verify("whsec_test", header, "{\"id\":\"e2\"}", 1_700_000_100L, 300)).as("other body").isFalse();
        assertThat(WebhookSignature.verify("whsec_other", header, BODY, 1_700_000_100L, 300)).as("other secret").isFalse();
        assertThat(WebhookSignature.verify("whsec_test", header, BODY, 1_700_000_301L, 300)).as("replayed too late").isFalse();
        assertThat(WebhookSignature.verify("whsec_test", header.replace("t=1700000000", "t=1700000200"), BODY, 1_700_000_200L, 300))
                .as("timestamp changed").isFalse();
        assertThat(WebhookSignature.verify("whsec_test", null, BODY, 1_700_000_000L, 300)).isFalse();
    }

    @Test
    void secretsAreLongAndDistinct() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40).isNotEqualTo(WebhookSignature.newSecret());
    }
}
