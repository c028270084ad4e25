package dev.testpulse.analysis.consume;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.analysis.consume.ResumePosition.Case;

class ResumePositionTest {

    @ParameterizedTest(name = "stored {0}, log [{1}, {2}) -> {3} at {4}, {5} lost")
    @CsvSource(nullValues = "null", value = {
            "null, 0,   0,   FROM_START,       0,   0",
            "null, 40,  90,  FROM_START,       40,  0",
            "0,    0,   0,   STORED,           0,   0",
            "50,   0,   90,  STORED,           50,  0",
            "90,   0,   90,  STORED,           90,  0",
            "40,   40,  90,  STORED,           40,  0",
            "10,   40,  90,  BEHIND_LOG_START, 40,  30",
            "91,   0,   90,  PAST_LOG_END,     0,   0",
            "5000, 0,   3,   PAST_LOG_END,     0,   0",
            "5000, 0,   0,   PAST_LOG_END,     0,   0"})
    void decidesWhereAPartitionResumes(Long stored, long start, long end, Case kind, long offset, long lost) {
        ResumePosition position = ResumePosition.of(stored, start, end);
        assertThat(position.kind()).isEqualTo(kind);
        assertThat(position.offset()).isEqualTo(offset);
        assertThat(position.lostRecords()).isEqualTo(lost);
    }
}
