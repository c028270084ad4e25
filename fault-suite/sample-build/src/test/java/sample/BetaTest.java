package sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BetaTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void positive(int number) throws InterruptedException {
        Thread.sleep(300);
        assertTrue(number > 0);
    }

    @Test
    @Disabled("kept to count a skipped test")
    void notYet() {
    }
}
