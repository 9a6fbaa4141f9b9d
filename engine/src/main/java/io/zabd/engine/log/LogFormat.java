package io.zabd.engine.log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * On-disk layout of the transaction log. All integers are big-endian (as in jute, so a hex dump of a
 * record reads the same way as its payload).
 *
 * <p>A segment is one file named {@code log.<first zxid as 16 lower-case hex digits>}, preallocated
 * with zeros to its segment size. It starts with a 64-byte header:
 *
 * <pre>
 * offset size field
 *      0    4 magic            0x5A424C47 ("ZBLG")
 *      4    4 format version   2
 *      8    8 first zxid       equal to the zxid in the file name and to the first record's zxid;
 *                              also the segment's salt (see the record CRC)
 *     16    8 segment size     bytes, equal to the file size
 *     24    4 header CRC32C    over the 64 header bytes with this field taken as zero
 *     28    4 flags            bit 0: recycled (the file held an earlier segment, see below)
 *     32   32 reserved         zero
 * </pre>
 *
 * Records follow from offset 64, back to back, with no padding:
 *
 * <pre>
 * offset size field
 *      0    4 length           payload bytes, 1..recordPayloadBytesMax (0 = end of written data)
 *      4    4 CRC32C           over the segment's first zxid (8 bytes, big-endian: the salt), then
 *                              bytes 8 .. 16+length-1 (zxid and payload)
 *      8    8 zxid             strictly greater than the previous record's zxid
 *     16  len payload          the transaction as {@link io.zabd.engine.txn.TxnCodec} encodes it
 * </pre>
 *
 * A length of zero marks the end of the written data of a segment. The length is stored last when a
 * record is written into the mapping, so a record cut short by a crash usually reads as the end of
 * data; when it does not, its CRC fails.
 *
 * <p><b>Recycled segments</b> (format version 2): a purged segment may be renamed to become the next
 * segment instead of being deleted, so its blocks are overwritten in place. Its header is rewritten
 * (new first zxid, flag recycled) and the 4 bytes at offset 64 are zeroed; everything after still
 * holds the records of its previous life. They can never be read as data: their CRCs were salted with
 * the old first zxid and fail under the new one, and their zxids are below the new first zxid. The
 * writer keeps the end marker explicit: every write of records is followed by a zero length (4 bytes)
 * right after the last record, when the segment has room for it, which the next write overwrites.
 * So in a recycled segment the bytes after a zero length are stale, not stray; a non-zero length
 * that fails its checks is a torn tail as in a fresh segment.
 */
public final class LogFormat {
    public static final ByteOrder ORDER = ByteOrder.BIG_ENDIAN;

    public static final int SEGMENT_MAGIC = 0x5A424C47;
    public static final int FORMAT_VERSION = 2;
    public static final int SEGMENT_HEADER_BYTES = 64;
    static final int HEADER_MAGIC_OFFSET = 0;
    static final int HEADER_VERSION_OFFSET = 4;
    static final int HEADER_FIRST_ZXID_OFFSET = 8;
    static final int HEADER_SEGMENT_SIZE_OFFSET = 16;
    static final int HEADER_CRC_OFFSET = 24;
    static final int HEADER_FLAGS_OFFSET = 28;
    /** Header flag: the file held an earlier segment; bytes after the end marker are stale. */
    static final int FLAG_RECYCLED = 1;
    /** Bytes of the end marker (a zero length) the writer puts after its last record. */
    static final int END_MARKER_BYTES = 4;

    public static final int RECORD_HEADER_BYTES = 16;
    static final int RECORD_LENGTH_OFFSET = 0;
    static final int RECORD_CRC_OFFSET = 4;
    static final int RECORD_ZXID_OFFSET = 8;
    static final int RECORD_PAYLOAD_OFFSET = 16;

    public static final String SEGMENT_PREFIX = "log.";
    public static final String TEMPORARY_SUFFIX = ".tmp";
    private static final int ZXID_HEX_DIGITS = 16;
    private static final String SPARE_STEM = SEGMENT_PREFIX + "spare";
    /** The next segment while the writer zero-fills it ahead of need. */
    public static final String SPARE_NAME = SPARE_STEM + TEMPORARY_SUFFIX;

    /** A purged segment kept to become a later segment, the {@code n}th kept by this writer. */
    public static String recycledSpareName(long n) {
        return SPARE_STEM + "-" + n + TEMPORARY_SUFFIX;
    }

    /**
     * Whether {@code name} is a spare (zero-filled or recycled, {@code log.spare*.tmp}): a normal
     * leftover of a running or crashed writer, deleted by recovery, not damage.
     */
    public static boolean isSpareName(String name) {
        return name.startsWith(SPARE_STEM) && name.endsWith(TEMPORARY_SUFFIX);
    }

    private LogFormat() {}

    public static String segmentName(long firstZxid) {
        String hex = Long.toHexString(firstZxid);
        return SEGMENT_PREFIX + "0".repeat(ZXID_HEX_DIGITS - hex.length()) + hex;
    }

    /** The first zxid a segment file name carries, or -1 if the name is not a segment's. */
    public static long parseSegmentName(String name) {
        if (!name.startsWith(SEGMENT_PREFIX) || name.length() != SEGMENT_PREFIX.length() + ZXID_HEX_DIGITS) {
            return -1;
        }
        String hex = name.substring(SEGMENT_PREFIX.length());
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return -1;
            }
        }
        long zxid = Long.parseUnsignedLong(hex, 16);
        return zxid < 0 ? -1 : zxid;
    }

    /** Total bytes a record with this payload length takes in a segment. */
    public static int recordBytes(int payloadLength) {
        return RECORD_HEADER_BYTES + payloadLength;
    }

    /** Writes a segment header at offset 0 of {@code target}. */
    static void putSegmentHeader(MutableDirectBuffer target, long firstZxid, long segmentSizeBytes, int flags,
            CRC32C crc) {
        target.setMemory(0, SEGMENT_HEADER_BYTES, (byte) 0);
        target.putInt(HEADER_MAGIC_OFFSET, SEGMENT_MAGIC, ORDER);
        target.putInt(HEADER_VERSION_OFFSET, FORMAT_VERSION, ORDER);
        target.putLong(HEADER_FIRST_ZXID_OFFSET, firstZxid, ORDER);
        target.putLong(HEADER_SEGMENT_SIZE_OFFSET, segmentSizeBytes, ORDER);
        target.putInt(HEADER_FLAGS_OFFSET, flags, ORDER);
        target.putInt(HEADER_CRC_OFFSET, headerCrc(target, crc), ORDER);
    }

    /** CRC32C of the 64 header bytes with the CRC field taken as zero. */
    static int headerCrc(DirectBuffer header, CRC32C crc) {
        byte[] bytes = new byte[SEGMENT_HEADER_BYTES];
        header.getBytes(0, bytes);
        for (int i = HEADER_CRC_OFFSET; i < HEADER_CRC_OFFSET + 4; i++) {
            bytes[i] = 0;
        }
        crc.reset();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** Whether a sound header carries the recycled flag. */
    static boolean recycled(DirectBuffer header) {
        return (header.getInt(HEADER_FLAGS_OFFSET, ORDER) & FLAG_RECYCLED) != 0;
    }

    /**
     * Checks a segment header's magic, version, CRC and first zxid (against the file name); returns
     * what is wrong, or null when it is sound. The stated size is checked by the caller.
     */
    static String checkSegmentHeader(DirectBuffer header, long nameZxid, CRC32C crc) {
        int magic = header.getInt(HEADER_MAGIC_OFFSET, ORDER);
        if (magic != SEGMENT_MAGIC) {
            return String.format("bad segment magic 0x%08x", magic);
        }
        int version = header.getInt(HEADER_VERSION_OFFSET, ORDER);
        if (version != FORMAT_VERSION) {
            return "unsupported segment format version " + version;
        }
        int storedCrc = header.getInt(HEADER_CRC_OFFSET, ORDER);
        if (storedCrc != headerCrc(header, crc)) {
            return "segment header CRC mismatch";
        }
        long firstZxid = header.getLong(HEADER_FIRST_ZXID_OFFSET, ORDER);
        if (firstZxid != nameZxid) {
            return "header first zxid 0x" + Long.toHexString(firstZxid) + " differs from the file name";
        }
        return null;
    }

    /**
     * Encodes one record at {@code at}: zxid and payload, then the CRC, then the length last.
     * {@code crcView} must be a ByteBuffer over the same memory as {@code target} with the same indices.
     */
    static void putRecord(MutableDirectBuffer target, ByteBuffer crcView, int at, long zxid,
            DirectBuffer src, int offset, int length, long salt, CRC32C crc) {
        target.putLong(at + RECORD_ZXID_OFFSET, zxid, ORDER);
        target.putBytes(at + RECORD_PAYLOAD_OFFSET, src, offset, length);
        int value = recordCrc(crcView, at, length, salt, crc);
        target.putInt(at + RECORD_CRC_OFFSET, value, ORDER);
        target.putInt(at + RECORD_LENGTH_OFFSET, length, ORDER);
    }

    /**
     * CRC32C of the salt (the segment's first zxid, big-endian), then the record's zxid and payload;
     * {@code view}'s indices are the record's buffer indices.
     */
    static int recordCrc(ByteBuffer view, int at, int payloadLength, long salt, CRC32C crc) {
        view.limit(at + RECORD_HEADER_BYTES + payloadLength).position(at + RECORD_ZXID_OFFSET);
        crc.reset();
        for (int shift = 56; shift >= 0; shift -= 8) {
            crc.update((int) (salt >>> shift));
        }
        crc.update(view);
        return (int) crc.getValue();
    }
}
