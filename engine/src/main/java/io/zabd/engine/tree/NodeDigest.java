package io.zabd.engine.tree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The per-node hash behind the tree digest. The tree digest is the sum (mod 2^64) of
 * {@link #of(String, byte[], StatPersisted)} over every node, system nodes included, so it does not
 * depend on the order nodes were added and is kept up to date with one subtract and one add per
 * changed node.
 *
 * <p>Per-node hash: MurmurHash3-style 64-bit block rounds ({@code k *= C1; k = rotl(k, 31);
 * k *= C2; h ^= k; h = rotl(h, 27) * 5 + 0x52dce729}), starting from {@link #SEED}, over these
 * 64-bit blocks in order:
 * <ol>
 *   <li>the path length, then the path's UTF-16 code units four per block (first unit in the high
 *       16 bits, last block zero-padded);
 *   <li>the data length (-1 for null), then the data eight bytes per block (big-endian, last block
 *       zero-padded);
 *   <li>czxid, mzxid, ctime, mtime, {@code version << 32 | cversion}, {@code aversion << 32},
 *       ephemeralOwner, pzxid (ints taken unsigned);
 * </ol>
 * then fmix64. Compared with ZooKeeper's CRC32 per node, 64 bits make an accidental collision of two
 * different trees about 2^32 times less likely.
 */
public final class NodeDigest {
    static final long SEED = 0x7a61_6264_7472_6565L; // "zabdtree"
    private static final long C1 = 0x87c3_7b91_1142_53d5L;
    private static final long C2 = 0x4cf5_ad43_2745_937fL;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private NodeDigest() {}

    public static long of(String path, byte[] data, StatPersisted s) {
        long h = SEED;
        int n = path.length();
        h = round(h, n);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            h = round(h, (long) path.charAt(i) << 48 | (long) path.charAt(i + 1) << 32
                    | (long) path.charAt(i + 2) << 16 | path.charAt(i + 3));
        }
        if (i < n) {
            long k = 0;
            for (int shift = 48; i < n; i++, shift -= 16) {
                k |= (long) path.charAt(i) << shift;
            }
            h = round(h, k);
        }
        h = round(h, data == null ? -1 : data.length);
        if (data != null) {
            int j = 0;
            for (; j + 8 <= data.length; j += 8) {
                h = round(h, (long) LONGS.get(data, j));
            }
            if (j < data.length) {
                long k = 0;
                for (int shift = 56; j < data.length; j++, shift -= 8) {
                    k |= (data[j] & 0xffL) << shift;
                }
                h = round(h, k);
            }
        }
        h = round(h, s.czxid());
        h = round(h, s.mzxid());
        h = round(h, s.ctime());
        h = round(h, s.mtime());
        h = round(h, (long) s.version() << 32 | (s.cversion() & 0xffff_ffffL));
        h = round(h, (long) s.aversion() << 32);
        h = round(h, s.ephemeralOwner());
        h = round(h, s.pzxid());
        return fmix(h);
    }

    private static long round(long h, long k) {
        k *= C1;
        k = Long.rotateLeft(k, 31);
        k *= C2;
        h ^= k;
        return Long.rotateLeft(h, 27) * 5 + 0x52dc_e729L;
    }

    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51_afd7_ed55_8ccdL;
        h ^= h >>> 33;
        h *= 0xc4ce_b9fe_1a85_ec53L;
        h ^= h >>> 33;
        return h;
    }
}
