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
 *   <li>the data length (-1 for null); then, when the data has at least {@link #STRIDE_BYTES} (32)
 *       bytes, its whole 32-byte strides go through four lanes: lane i starts from the running hash
 *       XORed with its constant (none for the first, {@code LANE_B}, {@code LANE_C}, {@code LANE_D})
 *       and takes the i-th eight bytes of every stride; the four lane values are then fed to the
 *       running hash as blocks, in lane order. The remaining data follows eight bytes per block
 *       (big-endian, last block zero-padded);
 *   <li>czxid, mzxid, ctime, mtime, {@code version << 32 | cversion}, {@code aversion << 32},
 *       ephemeralOwner, pzxid (ints taken unsigned);
 * </ol>
 * then fmix64. Compared with ZooKeeper's CRC32 per node, 64 bits make an accidental collision of two
 * different trees about 2^32 times less likely.
 */
public final class NodeDigest {
    static final long SEED = 0x7a61_6264_7472_6565L; // "zabdtree"
    /** Data of at least this many bytes is hashed in four lanes of 8-byte blocks, one stride at a time. */
    static final int STRIDE_BYTES = 32;
    private static final long LANE_B = 0x9e37_79b9_7f4a_7c15L;
    private static final long LANE_C = 0xc2b2_ae3d_27d4_eb4fL;
    private static final long LANE_D = 0x1656_67b1_9e37_79f9L;
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
            if (data.length >= STRIDE_BYTES) {
                // four independent chains, one per 8-byte column of each 32-byte stride: the CPU runs
                // them side by side, where one chain waits on the previous round's result every block
                long a = h;
                long b = h ^ LANE_B;
                long c = h ^ LANE_C;
                long d = h ^ LANE_D;
                for (; j + STRIDE_BYTES <= data.length; j += STRIDE_BYTES) {
                    a = round(a, (long) LONGS.get(data, j));
                    b = round(b, (long) LONGS.get(data, j + 8));
                    c = round(c, (long) LONGS.get(data, j + 16));
                    d = round(d, (long) LONGS.get(data, j + 24));
                }
                h = round(round(round(round(h, a), b), c), d);
            }
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
