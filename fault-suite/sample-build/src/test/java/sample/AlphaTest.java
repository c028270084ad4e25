package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AlphaTest {

    @Test
    void adds() throws InterruptedException {
        Thread.sleep(400);
        assertEquals(4, 2 + 2);
    }

    @Test
    void multiplies() throws InterruptedException {
        Thread.sleep(400);
        assertEquals(6, 2 * 3);
    }

    @Test
    void subtracts() throws InterruptedException {
        Thread.sleep(400);
        assertEquals(1, 3 - 2);
    }
}
