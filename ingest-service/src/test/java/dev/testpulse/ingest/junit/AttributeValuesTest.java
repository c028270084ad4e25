package dev.testpulse.ingest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path for plain times gives exactly what the BigDecimal path gives, and hands everything else over. */
class AttributeValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.", "0.0", "0.012", "0.0125", "0.0124999", "0.0005", "0.0004", "1.9995", "12",
            "123.456789", "0.999999999", "31622399.9999", "31622400", "31622400.0001", "99999999999", "1,234.5",
            " 0.5 ", ".5", "-1", "1e3", "1.2.3", "0x10", "", "abc", "0.00049999", "7.0000000000000000001"})
    void plainTimesReadAsTheGeneralPathReadsThem(String seconds) {
        assertThat(AttributeValues.secondsToMillis(seconds)).isEqualTo(reference(seconds));
    }

    /** What the parser returned before the fast path: BigDecimal, half up, at most a year. */
    private static Long reference(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(seconds.strip().replace(",", ""));
            if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(366L * 24 * 3600)) > 0) {
                return null;
            }
            return value.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
