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
