package dev.testpulse.analysis.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The text CopyRows hands to COPY, without a database: PostgreSQL's own reading of it is covered by the store tests. */
class CopyRowsTest {

    @Test
    void escapesWhatTheTextFormatReservesAndKeepsTheRestWhole() {
        assertThat(row("plain", "a\\b", "tab\there", "line\nnext\r", "nul\0", "", null, "ends\\"))
                .isEqualTo("plain\ta\\\\b\ttab\\there\tline\\nnext\\r\tnul\\0\t\t\\N\tends\\\\\n");
    }

    @Test
    void escapesEveryReservedCharacterWhereverItStandsAsTheCharByCharEscapeDid() {
        Random random = new Random(25);
        char[] alphabet = {'a', 'Z', '\\', '\t', '\n', '\r', '\0', 'é', '☃', ' '};
        for (int n = 0; n < 2_000; n++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                value.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertThat(row(value.toString())).as("%s", value).isEqualTo(charByChar(value.toString()) + "\n");
        }
    }

    @Test
    void writesInstantsInUtcThatReadBackAsTheSameInstant() {
        Random random = new Random(13);
        long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
        for (int n = 0; n < 20_000; n++) {
            int nanos = switch (n % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), nanos);
            String written = row(instant);
            assertThat(written).as("%s", instant).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{9})?Z\n");
            assertThat(Instant.parse(written.strip())).isEqualTo(instant);
        }
        assertThat(row(Instant.parse("2026-12-06T15:04:05.000000001Z"))).isEqualTo("2026-12-06T15:04:05.000000001Z\n");
        assertThat(row(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00Z\n");
    }

    @Test
    void instantsOutsideFourDigitYearsKeepTheirOwnForm() {
        Instant far = Instant.parse("+12026-01-01T00:00:00Z");
        assertThat(row(far)).isEqualTo(far + "\n");
        Instant early = Instant.parse("-0001-01-01T00:00:00Z");
        assertThat(row(early)).isEqualTo(early + "\n");
    }

    private static String row(Object... values) {
        CopyRows rows = new CopyRows();
        for (Object value : values) {
            rows.text(value);
        }
        return rows.endRow().asText();
    }

    private static String charByChar(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\0' -> "\\0";
                default -> String.valueOf(c);
            });
        }
        return out.toString();
    }
}
