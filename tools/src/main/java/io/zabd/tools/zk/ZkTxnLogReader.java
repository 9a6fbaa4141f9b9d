package io.zabd.tools.zk;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnCodec;
import io.zabd.engine.txn.TxnHeader;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.Adler32;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads one Apache ZooKeeper transaction log file ({@code log.<hex zxid of its first txn>}):
 *
 * <pre>
 * log    = header entry* [zero-filled preallocated tail]
 * header = int magic ("ZKLG" = 0x5a4b4c47), int version (2), long dbid
 * entry  = long crc, int len, len bytes, byte 0x42 ('B')
 *          crc = Adler32 of the len bytes only
 *          bytes = TxnHeader, record [, TxnDigest{int version; long treeDigest}]
 * </pre>
 *
 * A zero {@code len} (preallocated zeros) or the end of the file at an entry boundary ends the log
 * cleanly. An entry cut short, or one not followed by 0x42, is a partial last transaction
 * ({@link End#PARTIAL}): ZooKeeper stops reading this file there. A CRC mismatch or an undecodable
 * entry is an error naming the file, offset and (unverified) zxid.
 */
public final class ZkTxnLogReader implements Closeable {
    public static final int LOG_MAGIC = 0x5a4b4c47; // "ZKLG"
    public static final int VERSION = 2;
    public static final int HEADER_BYTES = 16;
    static final byte END_OF_ENTRY = 0x42;

    /** How the log ended. */
    public enum End {
        /** Not at the end yet. */
        NONE,
        /** End of file at an entry boundary, an empty file, or a zero length (preallocated tail). */
        CLEAN,
        /** The last entry was cut short or lacks its 0x42 terminator. */
        PARTIAL
    }

    private final Path file;
    private final InputStream in;
    private final ZkLimits limits;
    private final long dbid;
    private long offset;
    private End end = End.NONE;
    private long endOffset = -1;

    private ZkTxnLogReader(Path file, InputStream in, ZkLimits limits) throws IOException {
        this.file = file;
        this.in = in;
        this.limits = limits;
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length == 0) {
            // created but its header never written (ZooKeeper deletes such a last file on start)
            this.dbid = 0;
            finish(End.CLEAN);
            return;
        }
        if (header.length < HEADER_BYTES) {
            throw new ZkFormatException(file, 0, "truncated log header (" + header.length + " of 16 bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(header);
        int magic = b.getInt();
        if (magic != LOG_MAGIC) {
            throw new ZkFormatException(file, 0, String.format("bad magic 0x%08x, expected 0x%08x (ZKLG)", magic, LOG_MAGIC));
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new ZkFormatException(file, 4, "unsupported txn log version " + version);
        }
        this.dbid = b.getLong();
        this.offset = HEADER_BYTES;
    }

    public static ZkTxnLogReader open(Path file, ZkLimits limits) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try {
            return new ZkTxnLogReader(file, in, limits);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public long dbid() {
        return dbid;
    }

    /** How the file ended, once {@link #next()} has returned null. */
    public End end() {
        return end;
    }

    /** Offset of the first byte not part of a whole entry, once ended. */
    public long endOffset() {
        return endOffset;
    }

    /** The next whole entry, or null at the end (see {@link #end()}). */
    public ZkLogEntry next() throws IOException {
        if (end != End.NONE) {
            return null;
        }
        long at = offset;
        byte[] crcBytes = in.readNBytes(8);
        if (crcBytes.length == 0) {
            return finish(End.CLEAN);
        }
        byte[] lenBytes = in.readNBytes(4);
        if (crcBytes.length < 8 || lenBytes.length < 4) {
            return finish(End.PARTIAL);
        }
        long crc = ByteBuffer.wrap(crcBytes).getLong();
        int len = ByteBuffer.wrap(lenBytes).getInt();
        if (len == 0) {
            return finish(End.CLEAN);
        }
        if (len < 0 || len > limits.maxBufferBytes()) {
            throw new ZkFormatException(file, at + 8, "bad entry length " + len + " (limit " + limits.maxBufferBytes() + ")");
        }
        byte[] bytes = in.readNBytes(len);
        int terminator = bytes.length < len ? -1 : in.read();
        if (terminator != END_OF_ENTRY) {
            return finish(End.PARTIAL);
        }
        Adler32 adler = new Adler32();
        adler.update(bytes, 0, len);
        if (adler.getValue() != crc) {
            throw new ZkFormatException(file, at, String.format(
                    "CRC mismatch in the entry of zxid %s (unverified): stored 0x%x, computed 0x%x",
                    zxidHint(bytes), crc, adler.getValue()));
        }
        offset = at + 8 + 4 + len + 1;
        return decode(at, bytes);
    }

    private ZkLogEntry finish(End how) {
        end = how;
        endOffset = offset;
        return null;
    }

    private static String zxidHint(byte[] bytes) {
        return bytes.length >= 20 ? "0x" + Long.toHexString(ByteBuffer.wrap(bytes, 12, 8).getLong()) : "?";
    }

    private ZkLogEntry decode(long at, byte[] bytes) throws ZkFormatException {
        UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        try {
            JuteReader r = new JuteReader(buffer, 0, bytes.length);
            TxnHeader header = TxnCodec.decodeHeader(r);
            int bodyStart = r.position();
            TxnBody body;
            try {
                body = TxnCodec.decodeBody(header.type(), r);
            } catch (JuteException e) {
                if (header.type() != OpCode.CREATE) {
                    throw e;
                }
                r = new JuteReader(buffer, bodyStart, bytes.length - bodyStart);
                body = decodeCreateV0(r);
            }
            Optional<ZkLogEntry.TxnDigest> digest = Optional.empty();
            if (r.remaining() == ZkLogEntry.TxnDigest.ENCODED_BYTES) {
                digest = Optional.of(new ZkLogEntry.TxnDigest(r.readInt("TxnDigest.version"), r.readLong("TxnDigest.treeDigest")));
            }
            r.expectEnd("txn " + OpCode.name(header.type()) + " with optional TxnDigest");
            return new ZkLogEntry(file, at, new Txn(header, body), digest);
        } catch (JuteException e) {
            throw new ZkFormatException(file, at, "undecodable entry of zxid " + zxidHint(bytes) + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code CreateTxnV0{ustring path; buffer data; vector<ACL> acl; boolean ephemeral}} from servers
     * before 3.3: no parentCVersion, which becomes -1 ("parent's cversion + 1" on apply), as ZooKeeper does.
     */
    private static TxnBody decodeCreateV0(JuteReader r) {
        return new TxnBody.Create(r.readString("CreateTxnV0.path"), r.readBuffer("CreateTxnV0.data"),
                TxnCodec.readAcls(r), r.readBool("CreateTxnV0.ephemeral"), -1);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
