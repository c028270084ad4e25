package dev.testpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which claimed times of a report stay, which give way to the upload's time, and what the 202 says about it. */
class ReportTimesTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final EventTimeWindow WINDOW = EventTimeWindow.around(NOW, Duration.ofDays(400));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-11-24T09:00:00Z, 2026-11-24T09:00:00Z", // this morning
            "2025-10-20T10:00:00Z, 2025-10-20T10:00:00Z", // a backfill at the edge of max-age stays in its month
            "2026-11-25T10:00:00Z, 2026-11-25T10:00:00Z", // a day ahead: a clock a little off
            "2025-10-20T09:59:59Z, 2026-11-24T10:00:00Z", // past max-age
            "2020-09-14T12:31:40Z, 2026-11-24T10:00:00Z", // a fixture of a public project
            "1970-01-01T00:00:00Z, 2026-11-24T10:00:00Z", // SOURCE_DATE_EPOCH=0
            "2026-11-25T10:00:01Z, 2026-11-24T10:00:00Z", // more than a day ahead
            "9999-12-31T23:59:59Z, 2026-11-24T10:00:00Z"})
    void keepsTimesInsideTheWindowAndReplacesTheOthersByTheReceivedTime(Instant claimed, Instant used) {
        assertThat(new ReportTimes(WINDOW, null, NOW).observedAt(claimed)).isEqualTo(used);
    }

    @Test
    void aReportWithoutTimesTakesTheStartedAtElseTheReceivedTime() {
        Instant startedAt = Instant.parse("2026-11-24T08:00:00Z");
        assertThat(new ReportTimes(WINDOW, null, NOW).observedAt(null)).isEqualTo(NOW);
        assertThat(new ReportTimes(WINDOW, startedAt, NOW).observedAt(null)).isEqualTo(startedAt);
    }

    @Test
    void anOutOfRangeTimeTakesTheStartedAtWhenTheUploadGaveOne() {
        ReportTimes times = new ReportTimes(WINDOW, Instant.parse("2026-11-24T08:00:00Z"), NOW);
        assertThat(times.observedAt(Instant.EPOCH)).isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
        assertThat(times.warnings()).containsExactly("time 1970-01-01T00:00:00Z is older than max-age (400 days, before "
                + "2025-10-20T10:00:00Z): its 1 outcome(s) take 2026-11-24T08:00:00Z, the upload's started_at");
    }

    @Test
    void namesEachDistinctReplacedTimeOnceWithItsCount() {
        ReportTimes times = new ReportTimes(WINDOW, null, NOW);
        for (int i = 0; i < 3; i++) {
            times.observedAt(Instant.parse("2020-09-14T12:31:40Z"));
            times.observedAt(Instant.parse("2026-11-24T09:00:00Z"));
        }
        times.observedAt(Instant.parse("9999-01-01T00:00:00Z"));
        assertThat(times.warnings()).containsExactly(
                "time 2020-09-14T12:31:40Z is older than max-age (400 days, before 2025-10-20T10:00:00Z): its 3 outcome(s) take "
                        + "2026-11-24T10:00:00Z, the time ingest received the upload",
                "time 9999-01-01T00:00:00Z is more than a day ahead (later than 2026-11-25T10:00:00Z): its 1 outcome(s) take "
                        + "2026-11-24T10:00:00Z, the time ingest received the upload");
    }

    @Test
    void boundsTheWarningsOfAHugeReportWhoseEveryTestHasItsOwnBadTime() {
        ReportTimes times = new ReportTimes(WINDOW, null, NOW);
        for (int i = 0; i < 100_000; i++) {
            assertThat(times.observedAt(Instant.parse("2020-01-01T00:00:00Z").plusMillis(i))).isEqualTo(NOW);
        }
        times.observedAt(Instant.parse("2020-01-01T00:00:00Z")); // a listed time seen again counts there
        assertThat(times.warnings()).hasSize(ReportTimes.MAX_LISTED + 1)
                .first().asString().contains("time 2020-01-01T00:00:00Z ", "its 2 outcome(s)");
        assertThat(times.warnings()).last().asString().startsWith("99990 more outcome(s) had other times outside "
                + "2025-10-20T10:00:00Z .. 2026-11-25T10:00:00Z: they take 2026-11-24T10:00:00Z");
    }

    @Test
    void saysNothingWhenEveryTimeIsInsideTheWindow() {
        ReportTimes times = new ReportTimes(WINDOW, null, NOW);
        times.observedAt(NOW.minus(Duration.ofDays(30)));
        times.observedAt(null);
        assertThat(times.warnings()).isEmpty();
    }
}
