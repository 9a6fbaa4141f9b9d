package io.zabd.engine.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Goal: the per-node hash is pinned (replicas of different builds must agree) and sees every field. */
class NodeDigestTest {
    private static final StatPersisted S = new StatPersisted(1, 2, 3, 4, 5, 6, 7, 8, 9);

    @Test
    void schemeIsPinned() {
        assertEquals(GOLDEN, NodeDigest.of("/a/b", "hello world".getBytes(StandardCharsets.UTF_8), S));
    }

    /** Changing this value changes the digest of every tree: a format change, to be versioned. */
    private static final long GOLDEN = 0xbe0036dd71640f2fL;

    /** 100 bytes 0..99: three 32-byte strides through the four lanes, then a block and a padded tail. */
    private static final long GOLDEN_LANES = 0x5b8bcc8fb875c927L;

    private static byte[] counting(int n) {
        byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) i;
        }
        return d;
    }

    @Test
    void laneSchemeIsPinned() {
        assertEquals(GOLDEN_LANES, NodeDigest.of("/a/b", counting(100), S));
    }

    /** Goal: in the four-lane part, every byte counts and so does each block's place (lane and stride). */
    @Test
    void everyByteAndBlockPlaceInTheLanesChangesTheHash() {
        byte[] d = counting(100);
        long base = NodeDigest.of("/x", d, S);
        Set<Long> seen = new HashSet<>(List.of(base));
        for (int i = 0; i < d.length; i++) {
            d[i] ^= 0x40;
            seen.add(NodeDigest.of("/x", d, S));
            d[i] ^= 0x40;
        }
        assertEquals(d.length + 1, seen.size(), "one distinct hash per flipped byte");
        for (int[] swap : new int[][] {{0, 8}, {0, 32}, {8, 40}, {24, 88}, {64, 92}}) {
            byte[] e = d.clone();
            for (int k = 0; k < 8; k++) {
                byte t = e[swap[0] + k];
                e[swap[0] + k] = e[swap[1] + k];
                e[swap[1] + k] = t;
            }
            assertNotEquals(base, NodeDigest.of("/x", e, S), "blocks at " + swap[0] + " and " + swap[1] + " swapped");
        }
    }

    @Test
    void everyFieldAndBoundaryChangesTheHash() {
        byte[] d = {1, 2, 3};
        List<Long> hashes = List.of(
                NodeDigest.of("/a", d, S),
                NodeDigest.of("/b", d, S),
                NodeDigest.of("/a", new byte[] {1, 2, 4}, S),
                NodeDigest.of("/a", null, S),
                NodeDigest.of("/a", new byte[0], S),
                NodeDigest.of("/ab", new byte[] {'c'}, S),
                NodeDigest.of("/a", new byte[] {'b', 'c'}, S),
                NodeDigest.of("/a", d, new StatPersisted(0, 2, 3, 4, 5, 6, 7, 8, 9)),
                NodeDigest.of("/a", d, new StatPersisted(1, 0, 3, 4, 5, 6, 7, 8, 9)),
                NodeDigest.of("/a", d, new StatPersisted(1, 2, 0, 4, 5, 6, 7, 8, 9)),
                NodeDigest.of("/a", d, new StatPersisted(1, 2, 3, 0, 5, 6, 7, 8, 9)),
                NodeDigest.of("/a", d, new StatPersisted(1, 2, 3, 4, 0, 6, 7, 8, 9)),
                NodeDigest.of("/a", d, new StatPersisted(1, 2, 3, 4, 5, 0, 7, 8, 9)),
                NodeDigest.of("/a", d, new StatPersisted(1, 2, 3, 4, 5, 6, 0, 8, 9)),
                NodeDigest.of("/a", d, new StatPersisted(1, 2, 3, 4, 5, 6, 7, 0, 9)),
                NodeDigest.of("/a", d, new StatPersisted(1, 2, 3, 4, 5, 6, 7, 8, 0)));
        Set<Long> distinct = new HashSet<>(hashes);
        assertEquals(hashes.size(), distinct.size(), hashes.toString());
        byte[] big = new byte[1 << 20];
        long before = NodeDigest.of("/big", big, S);
        big[big.length - 1] = 1;
        assertNotEquals(before, NodeDigest.of("/big", big, S));
    }
}
