package io.zabd.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Goal: tick-bucket expiry: rounding to the next tick, touch moves later, poll returns what is due in order. */
class ExpiryQueueTest {
    @Test
    void bucketsRoundUpToTheNextTick() {
        ExpiryQueue<String> q = new ExpiryQueue<>(100);
        q.update("a", 1_000, 250);
        assertEquals(1_300, q.expiryOf("a"), "1250 rounds up to the tick after it");
        assertEquals(List.of(), q.poll(1_299));
        assertEquals(List.of("a"), q.poll(1_300));
        assertEquals(-1, q.expiryOf("a"));
    }

    @Test
    void touchMovesAnElementAndRemoveForgetsIt() {
        ExpiryQueue<String> q = new ExpiryQueue<>(100);
        q.update("a", 0, 500);
        q.update("b", 0, 500);
        q.update("c", 0, 500);
        q.update("a", 400, 500);
        assertTrue(q.remove("c"));
        assertEquals(List.of("b"), q.poll(600));
        assertEquals(1, q.size());
        assertEquals(1_000, q.nextExpiryMs());
        assertEquals(List.of("a"), q.poll(5_000));
        assertEquals(Long.MAX_VALUE, q.nextExpiryMs());
    }
}
