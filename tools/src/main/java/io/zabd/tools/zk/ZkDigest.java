package io.zabd.tools.zk;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Apache ZooKeeper's tree digest, digest version 2 (3.6+). Each znode contributes
 * CRC32(path bytes, data bytes, 60 stat bytes) where the root's path is {@code ""} and the stat
 * bytes are, big-endian: czxid, mzxid, pzxid, ctime, mtime (longs), version, cversion, aversion
 * (ints), ephemeralOwner (long). Nodes under {@code /zookeeper/} contribute nothing ({@code /zookeeper}
 * itself does). The tree digest is the sum of the contributions modulo 2^64, so it can be kept
 * incrementally: add a node's value when it appears, subtract it when it changes or goes.
 */
public final class ZkDigest {
    public static final int VERSION = 2;
    static final String EXCLUDED_PREFIX = "/zookeeper/";
    private static final int STAT_BYTES = 8 * 6 + 4 * 3;

    private ZkDigest() {}

    /** The contribution of one znode (zabd path convention: root is "/"). */
    public static long node(String path, byte[] data, StatPersisted s) {
        if (path.startsWith(EXCLUDED_PREFIX)) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.allocate(STAT_BYTES);
        b.putLong(s.czxid()).putLong(s.mzxid()).putLong(s.pzxid()).putLong(s.ctime()).putLong(s.mtime())
                .putInt(s.version()).putInt(s.cversion()).putInt(s.aversion()).putLong(s.ephemeralOwner());
        CRC32 crc = new CRC32();
        crc.update(ZkPaths.toZk(path).getBytes(StandardCharsets.UTF_8));
        if (data != null) {
            crc.update(data);
        }
        crc.update(b.array());
        return crc.getValue();
    }

    public static long node(NodeImage n) {
        return node(n.path(), n.data(), n.stat());
    }

    /** The digest of a whole tree. */
    public static long tree(Iterable<NodeImage> nodes) {
        long sum = 0;
        for (NodeImage n : nodes) {
            sum += node(n);
        }
        return sum;
    }
}
