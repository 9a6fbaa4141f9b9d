package io.zabd.engine.log;

import io.zabd.engine.util.Invariants;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A segment file being preallocated under a temporary name ({@code log.<...>.tmp}): zeros are written
 * and forced step by step, then {@link #install} writes the header, forces, renames the file to
 * {@code log.<first zxid>} and forces the directory. A crash at any point leaves either no segment
 * name or a whole one; recovery deletes the temporary file.
 *
 * <p>The group-commit writer prepares the next segment this way on its idle time, so that rolling
 * does not stall appends for the time it takes to zero a whole segment.
 *
 * <p>A spare can also be a <b>recycled</b> segment ({@link #recycled}): a purged segment file renamed
 * to the spare's name, ready at once. Its install writes a header with the recycled flag and zeroes
 * the first record's length; the stale records after it fail the new salt (see {@link LogFormat}).
 */
final class SpareSegment implements AutoCloseable {
    private static final int ZERO_CHUNK_BYTES = 1024 * 1024;
    /**
     * Zeros are forced every this many bytes (and at the end), not after every step: steps also run
     * between the writer's batches under load, where a force per step would double the fdatasyncs.
     */
    static final long FORCE_EVERY_BYTES = 8L * 1024 * 1024;

    private final Path path;
    private final long sizeBytes;
    private final FileChannel channel;
    private ByteBuffer zeros;
    private long zeroedUpTo;
    private long forcedUpTo;
    private final boolean recycled;
    private boolean ready;
    private boolean installed;

    private SpareSegment(Path path, long sizeBytes, FileChannel channel, boolean recycled) {
        this.path = path;
        this.sizeBytes = sizeBytes;
        this.channel = channel;
        this.recycled = recycled;
        this.ready = recycled;
    }

    static SpareSegment begin(Path path, long sizeBytes) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new SpareSegment(path, sizeBytes, channel, false);
    }

    /**
     * A former segment already renamed to {@code path} (the caller forces the directory): ready now,
     * its blocks allocated and its stale records neutralised by the install.
     */
    static SpareSegment recycled(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new SpareSegment(path, channel.size(), channel, true);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    boolean isRecycled() {
        return recycled;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    boolean ready() {
        return ready;
    }

    /**
     * Writes up to {@code stepBytes} more zeros, fdatasyncing them every {@link #FORCE_EVERY_BYTES}; the
     * last step forces the whole file and makes the spare ready.
     */
    void step(long stepBytes) throws IOException {
        Invariants.check(!ready && !installed, "step on a finished spare segment %s", path);
        if (zeros == null) {
            zeros = ByteBuffer.allocateDirect(ZERO_CHUNK_BYTES);
        }
        long end = Math.min(sizeBytes, zeroedUpTo + stepBytes);
        while (zeroedUpTo < end) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), end - zeroedUpTo));
            zeroedUpTo += Segment.writeFully(channel, zeros, zeroedUpTo);
        }
        if (zeroedUpTo == sizeBytes) {
            channel.force(true);
            ready = true;
            zeros = null;
        } else if (zeroedUpTo - forcedUpTo >= FORCE_EVERY_BYTES) {
            channel.force(false);
            forcedUpTo = zeroedUpTo;
        }
    }

    /** Turns the ready spare into the segment {@code log.<firstZxid>} and opens it for appending. */
    Segment install(Path directory, long firstZxid, long previousLastZxid, CRC32C crc) throws IOException {
        Invariants.check(ready && !installed, "install of spare segment %s that is not ready", path);
        Path target = directory.resolve(LogFormat.segmentName(firstZxid));
        Invariants.check(!Files.exists(target), "segment %s already exists", target);
        // header, then a zero length where the first record goes (stale bytes in a recycled file)
        UnsafeBuffer header = new UnsafeBuffer(
                ByteBuffer.allocate(LogFormat.SEGMENT_HEADER_BYTES + LogFormat.END_MARKER_BYTES));
        LogFormat.putSegmentHeader(header, firstZxid, sizeBytes, recycled ? LogFormat.FLAG_RECYCLED : 0, crc);
        Segment.writeFully(channel, header.byteBuffer().clear(), 0);
        channel.force(true);
        channel.close();
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        installed = true;
        Segment.forceDirectory(directory);
        return Segment.open(target, firstZxid, LogFormat.SEGMENT_HEADER_BYTES, previousLastZxid, 0);
    }

    /** Releases the file; a spare that was not installed is deleted. */
    @Override
    public void close() throws IOException {
        channel.close();
        if (!installed) {
            Files.deleteIfExists(path);
        }
    }
}
