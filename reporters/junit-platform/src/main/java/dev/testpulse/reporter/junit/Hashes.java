package dev.testpulse.reporter.junit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 prefixes in hex: outcome ids, ledger keys, file names. */
final class Hashes {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Hashes() {
    }

    /** The first {@code bytes} bytes of the SHA-256 of {@code text} (UTF-8), as 2 × {@code bytes} hex digits. */
    static String hex(String text, int bytes) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        StringBuilder out = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            out.append(HEX[(digest[i] >> 4) & 0xf]).append(HEX[digest[i] & 0xf]);
        }
        return out.toString();
    }
}
