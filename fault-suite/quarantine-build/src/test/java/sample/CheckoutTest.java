package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CheckoutTest {

    @Test
    void addsTax() {
        assertEquals(119, 100 + 19);
    }

    /** The flaky test of the sample, failing on this run: muted in testpulse, it must not fail the build. */
    @Test
    void talksToThePaymentSandbox() {
        assertEquals("approved", "timeout", "the sandbox timed out");
    }

    /** Skipped in testpulse: it must not run at all. */
    @Test
    void refundsThroughTheOldGateway() {
        throw new IllegalStateException("the old gateway is gone");
    }
}
