package io.zabd.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Goal: the direct-buffer encoding of node keys and values is byte for byte SnapshotCodec's. */
class DirectNodeEncoderTest {
    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static NodeImage node(String path, byte[] data) {
        return new NodeImage(path, data, 7, new StatPersisted(1, 2, 3, 4, 5, 6, 7, 8, 9));
    }

    @Test
    void keysAndValuesEqualTheCodecsIncludingGrowthNullDataAndNonAscii() {
        DirectNodeEncoder encoder = new DirectNodeEncoder();
        JuteWriter scratch = new JuteWriter();
        String[] paths = {"/", "/a/b", "/ü/€/x", "/emoji-\uD83D\uDE00", "/long-" + "p".repeat(5000), "/after"};
        byte[][] datas = {null, new byte[0], new byte[] {1, 2, 3}, new byte[100_000], new byte[10]};
        for (String path : paths) {
            assertArrayEquals(SnapshotCodec.pathKey(path), bytes(encoder.key(path)), path);
            for (byte[] data : datas) {
                NodeImage n = node(path, data);
                assertArrayEquals(SnapshotCodec.nodeValue(n, scratch), bytes(encoder.nodeValue(n)), path);
            }
        }
    }
}
