package dev.testpulse.ingest.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** One upload's outcomes never share an id, and the numbering is a function of the document alone. */
class IdNumberingTest {

    private final IdNumbering numbering = new IdNumbering();

    @Test
    void keepsTheDerivedIdOfAnOutcomeThatCollidesWithNothing() {
        IdNumbering.Numbered numbered = number(numbering, "t", 0, "/0");

        assertThat(numbered).isEqualTo(new IdNumbering.Numbered(OutcomeId.of("p", "ci", "42", 1, null, "s", "C", "t", 0), 0));
        assertThat(number(numbering, "u", 0, "/1").retry()).isZero();
        assertThat(numbering.warning()).isNull();
    }

    @Test
    void numbersARepeatedTestAsItsNextRetryAndSaysWhere() {
        number(numbering, "t", 0, "/files/a.trx/tests/0");
        number(numbering, "t", 1, "/files/a.trx/tests/1");

        IdNumbering.Numbered again = number(numbering, "t", 0, "/files/b.trx/tests/0");
        IdNumbering.Numbered third = number(numbering, "t", 0, "/files/c.trx/tests/0");

        assertThat(again).isEqualTo(new IdNumbering.Numbered(OutcomeId.of("p", "ci", "42", 1, null, "s", "C", "t", 2), 2));
        assertThat(third.retry()).isEqualTo(3);
        assertThat(numbering.warning()).isEqualTo("2 outcomes repeated a test already in this upload (same suite, class,"
                + " name and retry) and counted as its next retry, the first at /files/b.trx/tests/0");
    }

    @Test
    void leavesAGapInTheRetriesAsItIsAndNumbersOnlyTheCollision() {
        // A CTRF entry with "retries": 2 and no tries is retry 2 alone; a later entry at retry 0 collides with nothing.
        assertThat(number(numbering, "t", 2, "/0").retry()).isEqualTo(2);
        assertThat(number(numbering, "t", 0, "/1").retry()).isZero();
        assertThat(number(numbering, "t", 0, "/2").retry()).isEqualTo(3);
    }

    @Test
    void givesTheSameIdsToTheSameUploadAndNeverTwiceTheSameId() {
        List<String> first = ids(new IdNumbering());
        List<String> second = ids(new IdNumbering());

        assertThat(first).hasSize(3_000).doesNotHaveDuplicates().isEqualTo(second);
    }

    /** 1,000 tests, each three times: enough to grow the tables many times over. */
    private static List<String> ids(IdNumbering numbering) {
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int test = 0; test < 1_000; test++) {
                ids.add(number(numbering, "t" + test, 0, "/" + ids.size()).id());
            }
        }
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).hasSize(ids.size());
        return ids;
    }

    private static IdNumbering.Numbered number(IdNumbering numbering, String name, int retry, String at) {
        return numbering.number("p", "ci", "42", 1, null, "s", "C", name, retry, at);
    }
}
