package dev.testpulse.analysis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketsTest {

    @ParameterizedTest(name = "{0} -> minute {1}, hour {2}")
    @CsvSource({
            "2026-11-24T10:15:42.123456Z, 2026-11-24T10:15:00Z, 2026-11-24T10:00:00Z",
            "2026-11-24T10:00:00Z,        2026-11-24T10:00:00Z, 2026-11-24T10:00:00Z",
            "2026-11-24T23:59:59.999Z,    2026-11-24T23:59:00Z, 2026-11-24T23:00:00Z"})
    void anEventLandsInTheBucketOfItsOwnTime(Instant event, Instant minute, Instant hour) {
        assertThat(Buckets.MINUTE.bucketOf(event)).isEqualTo(minute);
        assertThat(Buckets.HOUR.bucketOf(event)).isEqualTo(hour);
    }

    @ParameterizedTest(name = "window {0} -> {1}")
    @CsvSource({"PT1H, MINUTE", "PT24H, MINUTE", "P2D, MINUTE", "P3D, HOUR", "P7D, HOUR"})
    void readsTheFinestGrainThatHoldsTheWholeWindow(Duration window, Buckets grain) {
        assertThat(Buckets.forWindow(window)).isEqualTo(grain);
    }

    @ParameterizedTest(name = "{1} before {0} starts at {2} bucket {3}")
    @CsvSource({
            "2026-11-24T10:15:42Z, PT1H,  MINUTE, 2026-11-24T09:15:00Z",
            "2026-11-24T10:15:42Z, PT24H, MINUTE, 2026-11-23T10:15:00Z",
            "2026-11-24T10:15:42Z, P7D,   HOUR,   2026-11-17T10:00:00Z"})
    void aWindowStartsAtTheBucketHoldingItsStartNeverLater(Instant now, Duration length, Buckets grain, Instant first) {
        assertThat(grain.firstBucket(now, length)).isEqualTo(first);
        assertThat(first).isBeforeOrEqualTo(now.minus(length));
        assertThat(Duration.between(first, now.minus(length))).isLessThan(Duration.ofHours(1));
    }
}
