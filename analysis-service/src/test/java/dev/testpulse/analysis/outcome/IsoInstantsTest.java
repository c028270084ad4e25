package dev.testpulse.analysis.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The direct reading of canonical instants gives what ISO_INSTANT gives, and leaves every other text to it. */
class IsoInstantsTest {

    @Test
    void readsEveryCanonicalShapeAsInstantParseDoes() {
        Random random = new Random(6);
        int direct = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(61), random.nextInt(62)));
            int fraction = random.nextInt(12);
            if (fraction > 0) {
                text.append('.');
                for (int digit = 1; digit < fraction; digit++) {
                    text.append(random.nextInt(10));
                }
            }
            String value = text.append('Z').toString();
            Instant read = IsoInstants.canonical(value);
            if (read != null) {
                direct++;
                assertThat(read).as(value).isEqualTo(Instant.parse(value));
            } else {
                assertThat(readOrNull(value)).as(value).isEqualTo(parsedOrNull(value));
            }
        }
        assertThat(direct).isGreaterThan(50_000);
    }

    private static Instant readOrNull(String value) {
        try {
            return IsoInstants.fromText(value);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Instant parsedOrNull(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
