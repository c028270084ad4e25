package dev.testpulse.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The wire form of a {@link TokenRecord} on the token topic (snake_case JSON, ISO times), owned here so that the
 * writer (ingest's admin API) and every reader agree without sharing an application's ObjectMapper settings.
 */
public final class TokenCodec {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TokenCodec() {
    }

    public static String write(TokenRecord token) {
        try {
            return JSON.writeValueAsString(token);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a token record always serialises", e);
        }
    }

    /** @throws NotATokenException for anything that is not a complete token record, whatever JSON it is */
    public static TokenRecord read(String json) {
        TokenRecord token;
        try {
            token = JSON.readValue(json, TokenRecord.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new NotATokenException("not a token record: " + e.getClass().getSimpleName());
        }
        String defect = token == null ? "null" : token.defect();
        if (defect != null) {
            throw new NotATokenException("not a token record: " + defect);
        }
        return token;
    }

    /** A record on the token topic that is not a token: skipped by readers, never fatal. */
    public static final class NotATokenException extends RuntimeException {
        NotATokenException(String message) {
            super(message, null, false, false);
        }
    }
}
