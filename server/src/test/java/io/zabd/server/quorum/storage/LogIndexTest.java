package io.zabd.server.quorum.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Goal: the log index keeps each entry's zxid and payload (the very array appended) at its position
 * through growth past the initial capacity, eviction, and drops from the front and from the back.
 */
class LogIndexTest {
    private static byte[] payload(long zxid) {
        return new byte[] {(byte) zxid, (byte) (zxid >>> 8)};
    }

    @Test
    void entriesKeepTheirZxidAndPayloadThroughGrowthEvictionAndDrops() {
        LogIndex index = new LogIndex();
        int n = 5000; // several times the initial capacity
        byte[][] added = new byte[n][];
        for (int i = 0; i < n; i++) {
            added[i] = payload(100 + i);
            index.add(100 + i, added[i]);
        }
        assertEquals(n, index.size());
        for (int i = 0; i < n; i++) {
            assertEquals(100 + i, index.zxid(i));
            assertSame(added[i], index.payload(i), "the very array appended, not a copy");
        }

        for (int i = 0; i < 10; i++) {
            index.evict(i);
        }
        assertNull(index.payload(9));
        assertSame(added[10], index.payload(10));

        index.dropFirst(3000);
        assertEquals(n - 3000, index.size());
        assertEquals(3100, index.zxid(0));
        assertSame(added[3000], index.payload(0));
        assertEquals(100 + n - 1, index.zxid(index.size() - 1));

        index.removeLast();
        index.removeLast();
        assertEquals(n - 3002, index.size());
        assertEquals(100 + n - 3, index.zxid(index.size() - 1));
        index.add(100 + n - 2, payload(7));
        assertArrayEquals(payload(7), index.payload(index.size() - 1));

        index.clear();
        assertTrue(index.isEmpty());
        index.add(1, payload(1));
        assertEquals(1, index.zxid(0));
    }
}
