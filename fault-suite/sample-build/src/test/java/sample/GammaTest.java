package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GammaTest {

    @Test
    void concatenates() throws InterruptedException {
        Thread.sleep(400);
        assertEquals("ab", "a" + "b");
    }

    @Test
    void trims() throws InterruptedException {
        Thread.sleep(400);
        assertEquals("a", " a ".trim());
    }
}
