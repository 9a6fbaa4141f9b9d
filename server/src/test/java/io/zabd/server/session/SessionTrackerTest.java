package io.zabd.server.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Goal: session ids, passwords, negotiation and expiry follow the rules of decision 0002. */
class SessionTrackerTest {
    @Test
    void idsCarryTheServerIdAndTheClock() {
        long now = 1_700_000_000_000L;
        SessionIds ids = new SessionIds(1, now);
        long first = ids.next();
        assertEquals(1, first >>> 56, "server id in the high byte");
        assertEquals(((now << 24) >>> 8) & 0x00FF_FFFF_FFFF_FFFFL, first & 0x00FF_FFFF_FFFF_FFFFL);
        assertEquals(first + 1, ids.next());
    }

    @Test
    void passwordsAreStableAcrossReopenAndChecked(@TempDir Path dir) throws Exception {
        SessionPasswords a = SessionPasswords.open(dir);
        byte[] p = a.passwordOf(42);
        assertEquals(SessionPasswords.PASSWORD_BYTES, p.length);
        assertArrayEquals(p, SessionPasswords.open(dir).passwordOf(42), "same secret after a restart");
        assertTrue(a.check(42, p));
        p[3] ^= 1;
        assertFalse(a.check(42, p));
        assertFalse(a.check(0, a.passwordOf(0)), "session 0 never checks");
        assertFalse(java.util.Arrays.equals(a.passwordOf(42), SessionPasswords.open(dir.resolve("other")).passwordOf(42)),
                "another data directory has another secret");
    }

    @Test
    void negotiationClampsAndExpiryMarksClosing() {
        assertEquals(4_000, SessionTracker.negotiate(100, 4_000, 40_000));
        assertEquals(40_000, SessionTracker.negotiate(1_000_000, 4_000, 40_000));
        assertEquals(9_000, SessionTracker.negotiate(9_000, 4_000, 40_000));
        SessionTracker t = new SessionTracker(2_000);
        t.add(7, 4_000, 0);
        t.add(8, 4_000, 0);
        assertTrue(t.touch(8, 3_000));
        assertEquals(List.of(7L), t.expire(6_000));
        assertTrue(t.isClosing(7));
        assertFalse(t.touch(7, 6_000), "a closing session cannot be touched back to life");
        assertEquals(List.of(8L), t.expire(8_000));
        t.remove(7);
        assertFalse(t.contains(7));
    }
}
