package io.zabd.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Read-only scan of one segment file: checks the header, walks the records from the start checking
 * length, bounds, CRC and zxid order, then looks at everything after the last valid record for
 * stray bytes and for any valid record (which would make a bad record "followed by valid records").
 * Never modifies the file.
 */
final class SegmentScanner {
    private final int recordPayloadBytesMax;
    private final CRC32C crc = new CRC32C();

    SegmentScanner(int recordPayloadBytesMax) {
        this.recordPayloadBytesMax = recordPayloadBytesMax;
    }

    SegmentScan scan(Path path, long nameZxid, long previousLastZxid) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > LogConfig.SEGMENT_SIZE_BYTES_MAX) {
                return new SegmentScan(path, nameZxid, size, -1, "file larger than any segment: " + size + " bytes",
                        0, previousLastZxid, LogFormat.SEGMENT_HEADER_BYTES, -1, null, false, -1, size);
            }
            if (size == 0) {
                return new SegmentScan(path, nameZxid, 0, -1, "empty file", 0, previousLastZxid, 0, -1, null, false, -1, 0);
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            try {
                return scanMapped(path, nameZxid, previousLastZxid, new UnsafeBuffer(mapped), mapped.duplicate(), (int) size);
            } finally {
                IoUtil.unmap(mapped);
            }
        }
    }

    private SegmentScan scanMapped(Path path, long nameZxid, long previousLastZxid, UnsafeBuffer buffer,
            ByteBuffer view, int size) {
        if (size < LogFormat.SEGMENT_HEADER_BYTES) {
            return new SegmentScan(path, nameZxid, size, -1, "file of " + size + " bytes is shorter than the segment header",
                    0, previousLastZxid, size, -1, null, false, -1, size);
        }
        String headerProblem = LogFormat.checkSegmentHeader(buffer, nameZxid, crc);
        long headerSize = -1;
        if (headerProblem == null) {
            headerSize = buffer.getLong(LogFormat.HEADER_SEGMENT_SIZE_OFFSET, LogFormat.ORDER);
            if (headerSize < size || headerSize > LogConfig.SEGMENT_SIZE_BYTES_MAX) {
                headerProblem = "header segment size " + headerSize + " but the file has " + size + " bytes";
                headerSize = -1;
            }
            // headerSize > size: a file cut short; its records are judged one by one below
        }

        int position = LogFormat.SEGMENT_HEADER_BYTES;
        long last = previousLastZxid;
        int count = 0;
        long badOffset = -1;
        String badReason = null;
        boolean intactButInvalid = false;
        while (position + 4 <= size) {
            int length = buffer.getInt(position + LogFormat.RECORD_LENGTH_OFFSET, LogFormat.ORDER);
            if (length == 0) {
                break;
            }
            String problem = checkRecord(buffer, view, position, length, size, nameZxid);
            if (problem == null) {
                long zxid = buffer.getLong(position + LogFormat.RECORD_ZXID_OFFSET, LogFormat.ORDER);
                problem = checkOrder(zxid, last, count, nameZxid);
                intactButInvalid = problem != null;
                if (problem == null) {
                    count++;
                    last = zxid;
                    position += LogFormat.recordBytes(length);
                    continue;
                }
            } else if (intactAboveLimit(buffer, view, position, length, size, nameZxid)) {
                problem = "intact record of " + length + " bytes above recordPayloadBytesMax " + recordPayloadBytesMax
                        + " (was the log written with a larger limit?)";
                intactButInvalid = true;
            }
            badOffset = position;
            badReason = problem;
            break;
        }
        long validAfter = findValidRecord(buffer, view, position + 1, size, last, nameZxid);
        // In a recycled segment the bytes after a clean end marker are its previous life's records.
        boolean recycled = headerProblem == null && LogFormat.recycled(buffer);
        int dirtyEnd = recycled && badOffset < 0 ? position : Math.max(position, lastNonZero(buffer, position, size));
        return new SegmentScan(path, nameZxid, size, headerSize, headerProblem, count, last, position, badOffset,
                badReason, intactButInvalid, validAfter, dirtyEnd);
    }

    private String checkRecord(UnsafeBuffer buffer, ByteBuffer view, int at, int length, int size, long salt) {
        if (length < 0 || length > recordPayloadBytesMax) {
            return "bad record length " + length;
        }
        if ((long) at + LogFormat.recordBytes(length) > size) {
            return "record of " + length + " bytes runs past the end of the file";
        }
        int stored = buffer.getInt(at + LogFormat.RECORD_CRC_OFFSET, LogFormat.ORDER);
        if (stored != LogFormat.recordCrc(view, at, length, salt, crc)) {
            return "record CRC mismatch";
        }
        return null;
    }

    /** A length above the configured limit but with a matching CRC: a real record, never a torn one. */
    private boolean intactAboveLimit(UnsafeBuffer buffer, ByteBuffer view, int at, int length, int size, long salt) {
        return length > recordPayloadBytesMax && length <= LogConfig.RECORD_PAYLOAD_BYTES_MAX_LIMIT
                && (long) at + LogFormat.recordBytes(length) <= size
                && buffer.getInt(at + LogFormat.RECORD_CRC_OFFSET, LogFormat.ORDER) == LogFormat.recordCrc(view, at, length, salt, crc);
    }

    private static String checkOrder(long zxid, long previous, int indexInSegment, long nameZxid) {
        if (indexInSegment == 0 && zxid != nameZxid) {
            return "first record has zxid 0x" + Long.toHexString(zxid) + " but the segment is named for 0x"
                    + Long.toHexString(nameZxid);
        }
        if (zxid <= previous) {
            return "zxid 0x" + Long.toHexString(zxid) + " does not follow 0x" + Long.toHexString(previous);
        }
        return null;
    }

    /**
     * Offset of the first valid record (bounds, CRC under this segment's salt, zxid above {@code after})
     * at or after {@code from}, or -1. Stale records of a recycled file fail the salted CRC.
     */
    private long findValidRecord(UnsafeBuffer buffer, ByteBuffer view, int from, int size, long after, long salt) {
        int q = Math.max(from, LogFormat.SEGMENT_HEADER_BYTES);
        while (q + LogFormat.RECORD_HEADER_BYTES < size) {
            if (q + 8 <= size && buffer.getLong(q) == 0) {
                q += 5; // no length field starting in q..q+4 can be non-zero
                continue;
            }
            int length = buffer.getInt(q, LogFormat.ORDER);
            if (length > 0 && length <= recordPayloadBytesMax && (long) q + LogFormat.recordBytes(length) <= size) {
                long zxid = buffer.getLong(q + LogFormat.RECORD_ZXID_OFFSET, LogFormat.ORDER);
                int stored = buffer.getInt(q + LogFormat.RECORD_CRC_OFFSET, LogFormat.ORDER);
                if (zxid > after && stored == LogFormat.recordCrc(view, q, length, salt, crc)) {
                    return q;
                }
            }
            q++;
        }
        return -1;
    }

    /** Offset just after the last non-zero byte in [from, size), or {@code from} if all are zero. */
    static int lastNonZero(UnsafeBuffer buffer, int from, int size) {
        int end = size;
        while (end - 8 >= from && buffer.getLong(end - 8) == 0) {
            end -= 8;
        }
        while (end > from && buffer.getByte(end - 1) == 0) {
            end--;
        }
        return end;
    }
}
