package io.zabd.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import io.zabd.engine.util.Invariants;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The writer's handle on one segment file: its channel and a read-write mapping of the whole file.
 * Owned by the log's single writer thread. Tracks where the written data ends and how much of it is
 * durable; the bytes between are either in the mapping (MAPPED) or written through the channel
 * (CHANNEL), and {@link #force} makes them durable.
 */
final class Segment implements AutoCloseable {
    private static final int ZERO_CHUNK_BYTES = 1024 * 1024;

    final Path path;
    final long firstZxid;
    final int sizeBytes;
    private final FileChannel channel;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final ByteBuffer crcView;
    private int writePosition;
    private int durablePosition;
    private long lastZxid;
    private int recordCount;

    private Segment(Path path, long firstZxid, FileChannel channel, int dataEnd, long lastZxid, int recordCount)
            throws IOException {
        this.path = path;
        this.firstZxid = firstZxid;
        this.channel = channel;
        this.sizeBytes = (int) channel.size();
        this.mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, sizeBytes);
        this.buffer = new UnsafeBuffer(mapped);
        this.crcView = mapped.duplicate();
        this.writePosition = dataEnd;
        this.durablePosition = dataEnd;
        this.lastZxid = lastZxid;
        this.recordCount = recordCount;
    }

    /**
     * Creates {@code log.<firstZxid>} in one go: zeros and header written to a temporary file, forced,
     * renamed into place, directory forced (see {@link SpareSegment}).
     */
    static Segment create(Path directory, long firstZxid, long sizeBytes, long previousLastZxid, CRC32C crc)
            throws IOException {
        Path temporary = directory.resolve(LogFormat.segmentName(firstZxid) + LogFormat.TEMPORARY_SUFFIX);
        try (SpareSegment spare = SpareSegment.begin(temporary, sizeBytes)) {
            spare.step(sizeBytes);
            return spare.install(directory, firstZxid, previousLastZxid, crc);
        }
    }

    /** Opens an existing, recovered segment for appending after {@code dataEnd}. */
    static Segment open(Path path, long firstZxid, int dataEnd, long lastZxid, int recordCount) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new Segment(path, firstZxid, channel, dataEnd, lastZxid, recordCount);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    int writePosition() {
        return writePosition;
    }

    long lastZxid() {
        return lastZxid;
    }

    int recordCount() {
        return recordCount;
    }

    int durablePosition() {
        return durablePosition;
    }

    /** Whether an end marker fits after {@code extraBytes} more bytes at the write position. */
    boolean hasRoomForEndMarker(int extraBytes) {
        return (long) writePosition + extraBytes + LogFormat.END_MARKER_BYTES <= sizeBytes;
    }

    boolean fits(int payloadLength) {
        return (long) writePosition + LogFormat.recordBytes(payloadLength) <= sizeBytes;
    }

    UnsafeBuffer buffer() {
        return buffer;
    }

    ByteBuffer crcView() {
        return crcView;
    }

    /** Records that a record of {@code payloadLength} bytes now sits at the write position. */
    void advance(long zxid, int payloadLength) {
        Invariants.check(zxid > lastZxid, "zxid 0x%x does not follow 0x%x", zxid, lastZxid);
        writePosition += LogFormat.recordBytes(payloadLength);
        Invariants.check(writePosition <= sizeBytes, "segment %s overrun: %d > %d", path, writePosition, sizeBytes);
        lastZxid = zxid;
        recordCount++;
    }

    /** Positional write of staged bytes (CHANNEL mode) at {@code fileOffset}. */
    void write(ByteBuffer staged, long fileOffset) throws IOException {
        Invariants.check(fileOffset + staged.remaining() <= sizeBytes, "staged write past the end of %s", path);
        writeFully(channel, staged, fileOffset);
    }

    /** Makes [durable position, write position) durable. */
    void force(ForceMode mode) throws IOException {
        if (durablePosition == writePosition) {
            return;
        }
        if (mode == ForceMode.MAPPED) {
            mapped.force(durablePosition, writePosition - durablePosition);
        } else {
            channel.force(false);
        }
        durablePosition = writePosition;
    }

    /** Forces the whole file (after recovery or truncation, whatever the page cache still holds). */
    void forceAll() throws IOException {
        channel.force(false);
        durablePosition = writePosition;
    }

    /** Marks everything written as durable without forcing (forceSync=false). */
    void skipForce() {
        durablePosition = writePosition;
    }

    /** Zeroes [from, to) through the mapping and forces it; the write position moves back to {@code from}. */
    void cutBack(int from, int to, long newLastZxid, int newRecordCount) {
        Invariants.check(from >= LogFormat.SEGMENT_HEADER_BYTES && from <= to && to <= sizeBytes,
                "bad cut [%d, %d) of %s", from, to, path);
        buffer.setMemory(from, to - from, (byte) 0);
        if (to > from) {
            mapped.force(from, to - from);
        }
        writePosition = from;
        durablePosition = from;
        lastZxid = newLastZxid;
        recordCount = newRecordCount;
    }

    /** Offset just after the last record with zxid at most {@code zxid}, and how many records end there. */
    long[] endOfRecordsUpTo(long zxid) {
        int position = LogFormat.SEGMENT_HEADER_BYTES;
        long last = 0;
        int count = 0;
        while (position < writePosition) {
            int length = buffer.getInt(position, LogFormat.ORDER);
            long recordZxid = buffer.getLong(position + LogFormat.RECORD_ZXID_OFFSET, LogFormat.ORDER);
            Invariants.check(length > 0, "zero length at %d inside the written data of %s", position, path);
            if (recordZxid > zxid) {
                break;
            }
            last = recordZxid;
            count++;
            position += LogFormat.recordBytes(length);
        }
        return new long[] {position, last, count};
    }

    @Override
    public void close() throws IOException {
        IoUtil.unmap(mapped);
        channel.close();
    }

    static void writeZeros(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK_BYTES, Math.max(to - from, 1)));
        long position = from;
        while (position < to) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - position));
            position += writeFully(channel, zeros, position);
        }
    }

    static int writeFully(FileChannel channel, ByteBuffer source, long position) throws IOException {
        int total = 0;
        while (source.hasRemaining()) {
            total += channel.write(source, position + total);
        }
        return total;
    }

    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
