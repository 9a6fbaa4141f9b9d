package io.zabd.engine.snapshot;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.TxnCodec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Key and value encodings of the snapshot store's column families. All integers are big-endian
 * (jute order), so 8-byte keys of non-negative ids sort numerically under RocksDB's bytewise
 * comparator.
 *
 * <pre>
 * nodes    key   = path, UTF-8, no terminator ("/", "/a", "/a/b", ...)
 *          value = 0        8        16       24       32      36       40       44               52     60      68
 *                  +--------+--------+--------+--------+-------+--------+--------+----------------+------+-------+-----------+----------
 *                  | czxid  | mzxid  | ctime  | mtime  |version|cversion|aversion| ephemeralOwner |pzxid | aclRef|dataLength | data ...
 *                  | long   | long   | long   | long   | int   | int    | int    | long           |long  | long  | int (-1 = null)
 *                  +--------+--------+--------+--------+-------+--------+--------+----------------+------+-------+-----------+----------
 *                  (the first 60 bytes are ZooKeeper's jute StatPersisted; aclRef at 60, dataLength at 68, data at 72)
 * acls     key   = aclRef, long (8 bytes)
 *          value = jute vector&lt;ACL&gt;: int count, then per entry int perms, ustring scheme, ustring id
 * sessions key   = session id, long (8 bytes)
 *          value = timeoutMs, int (4 bytes)
 * meta     key   = ASCII name (see {@link #META_LAST_ZXID} and its siblings)
 *          value = long (8 bytes)
 * </pre>
 *
 * Decoding is strict: wrong lengths, trailing bytes or invalid UTF-8 raise {@link JuteException}.
 */
public final class SnapshotCodec {
    /** Version of the layout above, stored under {@link #META_FORMAT_VERSION}. */
    public static final long FORMAT_VERSION = 1;

    public static final byte[] META_FORMAT_VERSION = ascii("formatVersion");
    public static final byte[] META_LAST_ZXID = ascii("lastZxid");
    public static final byte[] META_DIGEST = ascii("digest");
    public static final byte[] META_ACCEPTED_EPOCH = ascii("acceptedEpoch");
    public static final byte[] META_CURRENT_EPOCH = ascii("currentEpoch");
    public static final byte[] META_DBID = ascii("dbid");

    /** Offset of aclRef inside a node value. */
    public static final int NODE_ACL_REF_OFFSET = StatPersisted.ENCODED_BYTES;
    /** Bytes of a node value before the data bytes. */
    public static final int NODE_HEADER_BYTES = StatPersisted.ENCODED_BYTES + 8 + 4;

    /**
     * A key greater than every nodes key: UTF-8 never contains the byte 0xFF. Used as the exclusive
     * end of the range a full snapshot deletes.
     */
    static final byte[] NODES_END_KEY = {(byte) 0xFF};
    /** The empty key, smaller than every key. */
    static final byte[] START_KEY = {};
    /** A key greater than every 8-byte key (nine 0xFF bytes: longer than and not below any 8-byte key). */
    static final byte[] LONG_KEYS_END_KEY = {
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF
    };

    private SnapshotCodec() {}

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] pathKey(String path) {
        return path.getBytes(StandardCharsets.UTF_8);
    }

    /** The path of a nodes key; invalid UTF-8 (only possible through corruption) is an error. */
    public static String path(byte[] key) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new JuteException("nodes key is not valid UTF-8: " + e.getMessage());
        }
    }

    public static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    public static long longValue(byte[] b, String what) {
        if (b.length != 8) {
            throw new JuteException(what + ": expected 8 bytes, found " + b.length);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    public static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static int intValue(byte[] b, String what) {
        if (b.length != 4) {
            throw new JuteException(what + ": expected 4 bytes, found " + b.length);
        }
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /** Encodes a node value into {@code w} (reused by the caller) and returns a copy of the bytes. */
    public static byte[] nodeValue(NodeImage node, JuteWriter w) {
        w.position(0);
        writeNodeValue(node, w);
        return w.toByteArray(0);
    }

    /** Bytes a node value takes besides its data: the stat, the ACL ref and the data's length. */
    static final int NODE_VALUE_FIXED_BYTES = 4 * 8 + 3 * 4 + 2 * 8 + 8 + 4;

    /** Writes a node value at {@code w}'s position (the layout above). */
    static void writeNodeValue(NodeImage node, JuteWriter w) {
        StatPersisted s = node.stat();
        w.writeLong(s.czxid()).writeLong(s.mzxid()).writeLong(s.ctime()).writeLong(s.mtime());
        w.writeInt(s.version()).writeInt(s.cversion()).writeInt(s.aversion());
        w.writeLong(s.ephemeralOwner()).writeLong(s.pzxid());
        w.writeLong(node.aclRef());
        w.writeBuffer(node.data());
    }

    public static NodeImage node(String path, byte[] value) {
        JuteReader r = new JuteReader(value);
        StatPersisted stat = new StatPersisted(r.readLong("czxid"), r.readLong("mzxid"), r.readLong("ctime"),
                r.readLong("mtime"), r.readInt("version"), r.readInt("cversion"), r.readInt("aversion"),
                r.readLong("ephemeralOwner"), r.readLong("pzxid"));
        long aclRef = r.readLong("aclRef");
        byte[] data = r.readBuffer("data");
        r.expectEnd("node " + path);
        return new NodeImage(path, data, aclRef, stat);
    }

    public static byte[] aclValue(List<Acl> acl, JuteWriter w) {
        w.position(0);
        TxnCodec.writeAcls(acl, w);
        return w.toByteArray(0);
    }

    public static List<Acl> acl(long aclRef, byte[] value) {
        JuteReader r = new JuteReader(value);
        List<Acl> acl = TxnCodec.readAcls(r);
        r.expectEnd("acl " + aclRef);
        return acl;
    }
}
