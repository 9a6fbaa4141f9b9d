package io.zabd.engine.log;

import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Iterates the durable records of a published {@link LogView} from a zxid on, through read-only
 * mappings of the segment files. Every record's length, bounds, CRC and zxid order are checked
 * again on read (the writer checked them on write); a failure is a {@link LogCorruptionException}.
 *
 * <pre>
 * try (LogCursor c = log.readFrom(zxid)) {
 *     while (c.next()) { use(c.zxid(), c.buffer(), c.payloadOffset(), c.payloadLength()); }
 * }
 * </pre>
 *
 * The payload view is valid until the next call to {@link #next} or {@link #close}. One thread.
 */
public final class LogCursor implements AutoCloseable {
    private final LogView view;
    private final long fromZxid;
    private final int recordPayloadBytesMax;
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int segmentIndex;
    private SegmentRef segment;
    private MappedByteBuffer mapped;
    private ByteBuffer crcView;
    private int position;
    private long lastZxid;
    private long zxid;
    private int payloadOffset;
    private int payloadLength;

    LogCursor(LogView view, long fromZxid, int recordPayloadBytesMax) {
        this.view = view;
        this.fromZxid = fromZxid;
        this.recordPayloadBytesMax = recordPayloadBytesMax;
        this.segmentIndex = startSegment(view, fromZxid);
    }

    /** Index of the last segment whose first zxid is at most {@code zxid} (0 if none is). */
    private static int startSegment(LogView view, long zxid) {
        int lo = 0;
        int hi = view.segmentCount() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (view.segment(mid).firstZxid() <= zxid) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Moves to the next record; false when there is none. */
    public boolean next() throws IOException {
        while (true) {
            if (segment == null) {
                if (segmentIndex >= view.segmentCount()) {
                    return false;
                }
                openSegment(view.segment(segmentIndex++));
            }
            if (position >= segment.dataEnd()) {
                closeSegment();
                continue;
            }
            readRecord();
            if (zxid >= fromZxid) {
                return true;
            }
        }
    }

    private void readRecord() throws IOException {
        int length = buffer.getInt(position + LogFormat.RECORD_LENGTH_OFFSET, LogFormat.ORDER);
        if (length <= 0 || length > recordPayloadBytesMax
                || (long) position + LogFormat.recordBytes(length) > segment.dataEnd()) {
            throw corruption("bad record length " + length);
        }
        int stored = buffer.getInt(position + LogFormat.RECORD_CRC_OFFSET, LogFormat.ORDER);
        if (stored != LogFormat.recordCrc(crcView, position, length, segment.firstZxid(), crc)) {
            throw corruption("record CRC mismatch");
        }
        long recordZxid = buffer.getLong(position + LogFormat.RECORD_ZXID_OFFSET, LogFormat.ORDER);
        boolean first = position == LogFormat.SEGMENT_HEADER_BYTES;
        if ((first && recordZxid != segment.firstZxid()) || (lastZxid != 0 && recordZxid <= lastZxid)) {
            throw corruption("zxid 0x" + Long.toHexString(recordZxid) + " out of order");
        }
        zxid = recordZxid;
        lastZxid = recordZxid;
        payloadOffset = position + LogFormat.RECORD_PAYLOAD_OFFSET;
        payloadLength = length;
        position += LogFormat.recordBytes(length);
    }

    private LogCorruptionException corruption(String detail) {
        return new LogCorruptionException(segment.path(), position, lastZxid, detail);
    }

    private void openSegment(SegmentRef ref) throws IOException {
        try (FileChannel channel = FileChannel.open(ref.path(), StandardOpenOption.READ)) {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, ref.dataEnd());
        }
        buffer.wrap(mapped);
        crcView = mapped.duplicate();
        segment = ref;
        position = LogFormat.SEGMENT_HEADER_BYTES;
    }

    private void closeSegment() {
        if (mapped != null) {
            buffer.wrap(0, 0);
            IoUtil.unmap(mapped);
            mapped = null;
            crcView = null;
        }
        segment = null;
    }

    /** The segment file holding the current record (for tools and diagnostics). */
    public java.nio.file.Path segmentPath() {
        return segment.path();
    }

    /** Byte offset of the current record in its segment file. */
    public int recordOffset() {
        return payloadOffset - LogFormat.RECORD_PAYLOAD_OFFSET;
    }

    /** Zxid of the current record. */
    public long zxid() {
        return zxid;
    }

    /** The buffer holding the current record's payload at {@link #payloadOffset()}. */
    public DirectBuffer buffer() {
        return buffer;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** A copy of the current payload. */
    public byte[] payloadBytes() {
        byte[] out = new byte[payloadLength];
        buffer.getBytes(payloadOffset, out);
        return out;
    }

    /** Decodes the current payload as a transaction and checks its zxid against the record's. */
    public Txn txn() throws LogCorruptionException {
        Txn txn = TxnCodec.decode(buffer, payloadOffset, payloadLength);
        if (txn.zxid() != zxid) {
            throw new LogCorruptionException(segment.path(), payloadOffset - LogFormat.RECORD_PAYLOAD_OFFSET, zxid,
                    "txn header zxid 0x" + Long.toHexString(txn.zxid()) + " differs from the record's");
        }
        return txn;
    }

    @Override
    public void close() {
        closeSegment();
    }
}
