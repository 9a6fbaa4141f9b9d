package io.zabd.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented byte layouts of the store's values, and strict decoding of damaged ones. */
class SnapshotCodecTest {
    private static final StatPersisted STAT = new StatPersisted(1, 2, 3, 4, 5, 6, 7, 8, 9);

    /** A node value is StatPersisted in jute order, aclRef at 60, dataLength at 68, data at 72. */
    @Test
    void nodeValueLayout() {
        byte[] v = SnapshotCodec.nodeValue(new NodeImage("/a", new byte[] {10, 11}, 0x77, STAT), new JuteWriter());
        ByteBuffer b = ByteBuffer.wrap(v);
        assertEquals(SnapshotCodec.NODE_HEADER_BYTES + 2, v.length);
        assertEquals(1, b.getLong(0));
        assertEquals(2, b.getLong(8));
        assertEquals(3, b.getLong(16));
        assertEquals(4, b.getLong(24));
        assertEquals(5, b.getInt(32));
        assertEquals(6, b.getInt(36));
        assertEquals(7, b.getInt(40));
        assertEquals(8, b.getLong(44));
        assertEquals(9, b.getLong(52));
        assertEquals(0x77, b.getLong(60));
        assertEquals(2, b.getInt(68));
        assertEquals(10, v[72]);
        assertEquals(new NodeImage("/a", new byte[] {10, 11}, 0x77, STAT), SnapshotCodec.node("/a", v));
    }

    /** Null data is length -1 and decodes back to null. */
    @Test
    void nullData() {
        byte[] v = SnapshotCodec.nodeValue(new NodeImage("/", null, -1, STAT), new JuteWriter());
        assertEquals(-1, ByteBuffer.wrap(v).getInt(68));
        assertEquals(null, SnapshotCodec.node("/", v).data());
    }

    /** Truncated values, trailing bytes, bad lengths and invalid UTF-8 keys are rejected. */
    @Test
    void damagedValuesAreRejected() {
        byte[] v = SnapshotCodec.nodeValue(new NodeImage("/a", new byte[] {1, 2, 3}, 1, STAT), new JuteWriter());
        assertThrows(JuteException.class, () -> SnapshotCodec.node("/a", Arrays.copyOf(v, v.length - 1)));
        assertThrows(JuteException.class, () -> SnapshotCodec.node("/a", Arrays.copyOf(v, v.length + 1)));
        assertThrows(JuteException.class, () -> SnapshotCodec.path(new byte[] {'/', (byte) 0xC3}));
        assertThrows(JuteException.class, () -> SnapshotCodec.longValue(new byte[7], "x"));
        assertThrows(JuteException.class, () -> SnapshotCodec.intValue(new byte[5], "x"));
        byte[] acl = SnapshotCodec.aclValue(Acl.OPEN_ACL_UNSAFE, new JuteWriter());
        assertEquals(Acl.OPEN_ACL_UNSAFE, SnapshotCodec.acl(1, acl));
        assertThrows(JuteException.class, () -> SnapshotCodec.acl(1, Arrays.copyOf(acl, acl.length + 2)));
    }

    /** Long keys are big-endian; the end keys bound every key of their family. */
    @Test
    void keysAndRangeBounds() {
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 1, 2}, SnapshotCodec.longBytes(0x102));
        assertEquals(-5L, SnapshotCodec.longValue(SnapshotCodec.longBytes(-5), "x"));
        assertEquals(-7, SnapshotCodec.intValue(SnapshotCodec.intBytes(-7), "x"));
        assertEquals(true, Arrays.compareUnsigned(SnapshotCodec.longBytes(-1), SnapshotCodec.LONG_KEYS_END_KEY) < 0);
        for (String path : List.of("/", "/zzz", "/\uFFFF", "/𝄞/x")) {
            assertEquals(true, Arrays.compareUnsigned(SnapshotCodec.pathKey(path), SnapshotCodec.NODES_END_KEY) < 0, path);
        }
        assertEquals("/é", SnapshotCodec.path(SnapshotCodec.pathKey("/é")));
    }
}
