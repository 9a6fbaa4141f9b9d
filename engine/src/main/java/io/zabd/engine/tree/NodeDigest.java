package io.zabd.engine.tree;

/**
 * The per-node hash behind the tree digest. The tree digest is the sum (mod 2^64) of
 * {@link #of(String, byte[], StatPersisted)} over every node, system nodes included, so it does not
 * depend on the order nodes were added and is kept up to date with one subtract and one add per
 * changed node.
 *
 * <p>Per-node hash: a 64-bit MurmurHash3-style block hash (seed {@link #SEED}) over, in order: the
 * path's UTF-16 code units (2 bytes each, big-endian), the data length as an int (-1 for null) and
 * the data bytes, then the persisted stat as longs/ints (czxid, mzxid, ctime, mtime, version,
 * cversion, aversion, ephemeralOwner, pzxid), finalised with the fmix64 avalanche. Compared with
 * ZooKeeper's CRC32 per node, 64 bits make an accidental collision of two different trees about
 * 2^32 times less likely.
 */
public final class NodeDigest {
    static final long SEED = 0x7a61_6264_7472_6565L; // "zabdtree"
    private static final long C1 = 0x87c3_7b91_1142_53d5L;
    private static final long C2 = 0x4cf5_ad43_2745_937fL;

    private long h = SEED;
    private long block;
    private int blockBytes;
    private long length;

    private NodeDigest() {}

    public static long of(String path, byte[] data, StatPersisted s) {
        NodeDigest d = new NodeDigest();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            d.add((byte) (c >>> 8));
            d.add((byte) c);
        }
        d.addInt(data == null ? -1 : data.length);
        if (data != null) {
            for (byte b : data) {
                d.add(b);
            }
        }
        d.addLong(s.czxid());
        d.addLong(s.mzxid());
        d.addLong(s.ctime());
        d.addLong(s.mtime());
        d.addInt(s.version());
        d.addInt(s.cversion());
        d.addInt(s.aversion());
        d.addLong(s.ephemeralOwner());
        d.addLong(s.pzxid());
        return d.finish();
    }

    private void addLong(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            add((byte) (v >>> shift));
        }
    }

    private void addInt(int v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            add((byte) (v >>> shift));
        }
    }

    private void add(byte b) {
        block = (block << 8) | (b & 0xff);
        length++;
        if (++blockBytes == 8) {
            mixBlock(block);
            h = Long.rotateLeft(h, 27) * 5 + 0x52dc_e729L;
            block = 0;
            blockBytes = 0;
        }
    }

    private void mixBlock(long k) {
        k *= C1;
        k = Long.rotateLeft(k, 31);
        k *= C2;
        h ^= k;
    }

    private long finish() {
        if (blockBytes > 0) {
            mixBlock(block);
        }
        h ^= length;
        h ^= h >>> 33;
        h *= 0xff51_afd7_ed55_8ccdL;
        h ^= h >>> 33;
        h *= 0xc4ce_b9fe_1a85_ec53L;
        h ^= h >>> 33;
        return h;
    }
}
