package dev.testpulse.analysis.failures;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What groups failures by cause: the exception type plus the message reduced by {@link MessageNormaliser}, and a short
 * stable id of the two for storing and grouping.
 *
 * @param type              the exception or error type as reported, trimmed; empty when unknown
 * @param normalisedMessage the first line of the message with run-specific details replaced by placeholders
 * @param id                the first 16 hex characters of SHA-256 over type, a NUL and the normalised message
 */
public record FailureSignature(String type, String normalisedMessage, String id) {

    /** 16 hex characters: 64 bits, so a collision among the failures of one project is not a practical concern. */
    private static final int ID_BYTES = 8;

    public FailureSignature {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(normalisedMessage, "normalisedMessage");
        Objects.requireNonNull(id, "id");
    }

    /** The signature of a failure as reported; either argument may be null. */
    public static FailureSignature of(String type, String message) {
        String trimmedType = type == null ? "" : type.trim();
        String normalised = MessageNormaliser.normalise(message);
        return new FailureSignature(trimmedType, normalised, idOf(trimmedType, normalised));
    }

    private static String idOf(String type, String normalisedMessage) {
        // The separator keeps ("a", "bc") and ("ab", "c") apart.
        byte[] input = (type + "\u0000" + normalisedMessage).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(sha256(input), 0, ID_BYTES);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
