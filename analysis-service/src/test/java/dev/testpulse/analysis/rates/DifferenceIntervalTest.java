package dev.testpulse.analysis.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DifferenceIntervalTest {

    /**
     * Newcombe R.G. (1998), "Interval estimation for the difference between independent proportions: comparison of
     * eleven methods", Statistics in Medicine 17:873-890, Table II, examples (a) to (h), column for method 10 (score
     * interval for each proportion, no continuity correction), printed to 4 decimals.
     */
    @ParameterizedTest(name = "({0}) {1}/{2} - {3}/{4} = {5}: {6} to {7}")
    @CsvSource(textBlock = """
            a, 56, 70, 48, 80, 0.2,     0.0524,  0.3339
            b,  9, 10,  3, 10, 0.6,     0.1705,  0.8090
            c,  6,  7,  2,  7, 0.5714,  0.0582,  0.8062
            d,  5, 56,  0, 29, 0.0893, -0.0381,  0.1926
            e,  0, 10,  0, 20, 0.0,    -0.1611,  0.2775
            f,  0, 10,  0, 10, 0.0,    -0.2775,  0.2775
            g, 10, 10,  0, 20, 1.0,     0.6791,  1.0
            h, 10, 10,  0, 10, 1.0,     0.6075,  1.0
            """)
    void matchesNewcombesPublishedExamples(String example, long s1, long n1, long s2, long n2,
            double difference, double lower, double upper) {
        DifferenceInterval interval = DifferenceInterval.of(s1, n1, s2, n2);

        assertThat(interval.difference()).isCloseTo(difference, within(0.00005));
        assertThat(interval.lower()).isCloseTo(lower, within(0.00005));
        assertThat(interval.upper()).isCloseTo(upper, within(0.00005));
    }

    @ParameterizedTest(name = "{0}/{1} - {2}/{3}: above {4}, below {5}")
    @CsvSource(textBlock = """
            25,   39, 485, 1116, true,  false
            25,   39,  22,   39, false, false
            10,   39, 485, 1116, false, true
            """)
    void saysWhetherTheIntervalExcludesZero(long s1, long n1, long s2, long n2, boolean above, boolean below) {
        DifferenceInterval interval = DifferenceInterval.of(s1, n1, s2, n2);

        assertThat(interval.above()).isEqualTo(above);
        assertThat(interval.below()).isEqualTo(below);
    }

    @Test
    void isSwappedAndNegatedWhenTheSidesAre() {
        DifferenceInterval forward = DifferenceInterval.of(56, 70, 48, 80);
        DifferenceInterval backward = DifferenceInterval.of(48, 80, 56, 70);

        assertThat(backward.lower()).isCloseTo(-forward.upper(), within(1e-12));
        assertThat(backward.upper()).isCloseTo(-forward.lower(), within(1e-12));
    }

    @Test
    void needsTrialsOnBothSides() {
        assertThat(DifferenceInterval.of(0, 0, 3, 10)).isNull();
        assertThat(DifferenceInterval.of(3, 10, 0, 0)).isNull();
    }
}
