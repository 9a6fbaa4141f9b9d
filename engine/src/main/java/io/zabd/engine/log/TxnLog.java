package io.zabd.engine.log;

import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnCodec;
import io.zabd.engine.util.Invariants;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * zabd's transaction log: segmented, preallocated, append-only files (layout in {@link LogFormat}).
 *
 * <p>Single-threaded: one owner thread appends, forces, truncates and purges (the group-commit writer
 * when wrapped by {@link GroupCommitLog}). Readers on any thread use {@link #readFrom}, which sees the
 * records durable at the time of the call.
 *
 * <p>{@link #open} scans the directory ({@link LogScan}) and repairs what a crash can leave: a torn
 * tail is zeroed back to the last whole record, trailing segments without records and half-created
 * files are deleted. Anything else is corruption and open throws {@link LogCorruptionException}.
 *
 * <p>An IOException from append, force, truncate or purge leaves the log in an unknown state: close
 * it and open it again (recovery decides what survived).
 */
public final class TxnLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TxnLog.class);
    private final LogConfig config;
    private final CRC32C crc = new CRC32C();
    private final JuteWriter txnWriter = new JuteWriter();
    private final List<SegmentRef> closed = new ArrayList<>();
    private final RecoveryReport recovery;
    private final UnsafeBuffer staging;
    private final ByteBuffer stagingCrcView;
    private List<SegmentRef> closedView = List.of();
    private Segment active;
    /** The next segment being zero-filled (or ready) as {@link LogFormat#SPARE_NAME}; used when no recycled one is kept. */
    private SpareSegment spare;
    /** Purged segments kept for reuse, ready, oldest first; at most {@link LogConfig#recycledSegmentsMax}. */
    private final ArrayDeque<SpareSegment> recycled = new ArrayDeque<>();
    private long recycledNames;
    private long inlineSegmentCreations;
    private int stagedBytes;
    private long stagedFileOffset;
    private long lastZxid;
    private long durableZxid;
    private boolean open = true;
    private volatile LogView published = LogView.EMPTY;

    private TxnLog(LogConfig config, LogScan scan, RecoveryReport recovery) throws IOException {
        this.config = config;
        this.recovery = recovery;
        if (config.forceMode() == ForceMode.CHANNEL) {
            this.staging = new UnsafeBuffer(ByteBuffer.allocateDirect(config.stagingBufferBytes()));
            this.stagingCrcView = staging.byteBuffer().duplicate();
        } else {
            this.staging = null;
            this.stagingCrcView = null;
        }
        int last = scan.lastSegmentWithRecords();
        for (int i = 0; i < last; i++) {
            SegmentScan s = scan.segments().get(i);
            closed.add(new SegmentRef(s.path(), s.nameZxid(), s.lastZxid(), (int) s.dataEnd(), s.recordCount()));
        }
        closedView = List.copyOf(closed);
        if (last >= 0) {
            SegmentScan s = scan.segments().get(last);
            active = Segment.open(s.path(), s.nameZxid(), (int) s.dataEnd(), s.lastZxid(), s.recordCount());
            // Records that survived a process crash may still be only in the page cache.
            active.forceAll();
        }
        lastZxid = scan.lastZxid();
        durableZxid = lastZxid;
        publish();
    }

    /** Opens (creating the directory if needed), recovers and repairs the log in {@code config.directory()}. */
    public static TxnLog open(LogConfig config) throws IOException {
        Files.createDirectories(config.directory());
        LogScan scan = LogScan.scan(config.directory(), config.recordPayloadBytesMax());
        LogCorruptionException corruption = scan.firstCorruption();
        if (corruption != null) {
            throw corruption;
        }
        RecoveryReport report = LogRepair.repair(scan);
        return new TxnLog(config, scan, report);
    }

    /** Scans without modifying anything: for tools and for checking a log before opening it. */
    public static LogScan verify(Path directory, int recordPayloadBytesMax) throws IOException {
        return LogScan.scan(directory, recordPayloadBytesMax);
    }

    public LogConfig config() {
        return config;
    }

    public RecoveryReport recoveryReport() {
        return recovery;
    }

    /** Zxid of the last record appended (durable or not); 0 for an empty log. */
    public long lastZxid() {
        return lastZxid;
    }

    /** Zxid of the last record made durable by {@link #force}. */
    public long durableZxid() {
        return durableZxid;
    }

    /** Zxid of the first record in the log, 0 if empty. Read from the published view: any thread. */
    public long firstZxid() {
        LogView view = published;
        return view.segmentCount() == 0 ? 0 : view.segment(0).firstZxid();
    }

    /** Number of segment files. Read from the published view: any thread. */
    public int segmentCount() {
        return published.segmentCount();
    }

    /** Encodes and appends a transaction; not durable until {@link #force}. */
    public void append(Txn txn) throws IOException {
        txnWriter.position(0);
        TxnCodec.encode(txn, txnWriter);
        append(txn.zxid(), txnWriter.buffer(), 0, txnWriter.position());
    }

    /**
     * Appends one record carrying {@code length} payload bytes from {@code source}; not durable until
     * {@link #force}. Rolls to a new segment, named by {@code zxid}, when the record does not fit.
     *
     * @throws IllegalArgumentException if the payload is empty or larger than recordPayloadBytesMax
     */
    public void append(long zxid, DirectBuffer source, int offset, int length) throws IOException {
        ensureOpen();
        if (length <= 0 || length > config.recordPayloadBytesMax()) {
            throw new IllegalArgumentException("record payload of " + length + " bytes outside [1, "
                    + config.recordPayloadBytesMax() + "] (recordPayloadBytesMax)");
        }
        Invariants.check(zxid > lastZxid, "appended zxid 0x%x does not follow 0x%x", zxid, lastZxid);
        if (active == null || !active.fits(length)) {
            roll(zxid);
        }
        if (config.forceMode() == ForceMode.MAPPED) {
            int at = active.writePosition();
            if (active.hasRoomForEndMarker(LogFormat.recordBytes(length))) {
                active.buffer().putInt(at + LogFormat.recordBytes(length), 0, LogFormat.ORDER);
            }
            LogFormat.putRecord(active.buffer(), active.crcView(), at, zxid, source, offset, length, active.firstZxid,
                    crc);
        } else {
            stage(zxid, source, offset, length);
        }
        active.advance(zxid, length);
        lastZxid = zxid;
    }

    private void stage(long zxid, DirectBuffer source, int offset, int length) throws IOException {
        int bytes = LogFormat.recordBytes(length);
        if (stagedBytes + bytes + LogFormat.END_MARKER_BYTES > staging.capacity()) {
            writeStaged();
        }
        if (stagedBytes == 0) {
            stagedFileOffset = active.writePosition();
        }
        Invariants.check(stagedFileOffset + stagedBytes == active.writePosition(), "staging out of step with %s",
                active.path);
        LogFormat.putRecord(staging, stagingCrcView, stagedBytes, zxid, source, offset, length, active.firstZxid, crc);
        stagedBytes += bytes;
    }

    private void writeStaged() throws IOException {
        if (stagedBytes == 0) {
            return;
        }
        int bytes = stagedBytes;
        // the end marker after the last record (overwritten by the next write): see LogFormat
        if (active.hasRoomForEndMarker(0) && stagedBytes + LogFormat.END_MARKER_BYTES <= staging.capacity()) {
            staging.putInt(stagedBytes, 0, LogFormat.ORDER);
            bytes += LogFormat.END_MARKER_BYTES;
        }
        ByteBuffer out = staging.byteBuffer().duplicate();
        out.limit(bytes).position(0);
        active.write(out, stagedFileOffset);
        if (bytes == stagedBytes && active.hasRoomForEndMarker(0)) {
            active.write(ByteBuffer.allocate(LogFormat.END_MARKER_BYTES), stagedFileOffset + stagedBytes);
        }
        stagedBytes = 0;
    }

    /**
     * Makes every appended record durable (one msync or fdatasync; none with forceSync=false),
     * publishes it to readers and returns the durable zxid.
     */
    public long force() throws IOException {
        ensureOpen();
        if (active != null) {
            writeStaged();
            if (config.forceSync()) {
                active.force(config.forceMode());
            } else {
                active.skipForce();
            }
        }
        durableZxid = lastZxid;
        publish();
        return durableZxid;
    }

    private void roll(long zxid) throws IOException {
        if (active != null) {
            force();
            closed.add(refOf(active));
            closedView = List.copyOf(closed);
            Segment old = active;
            active = null;
            old.close();
        }
        SpareSegment next = recycled.pollFirst();
        if (next == null && spare != null && spare.ready() && spare.sizeBytes() == config.segmentSizeBytes()) {
            next = spare;
            spare = null;
        }
        if (next != null) {
            try (SpareSegment ready = next) {
                active = ready.install(config.directory(), zxid, lastZxid, crc);
            }
        } else {
            long startNs = System.nanoTime();
            active = Segment.create(config.directory(), zxid, config.segmentSizeBytes(), lastZxid, crc);
            if (!closed.isEmpty()) {
                inlineSegmentCreations++;
                LOG.info("rolled to segment 0x{} without a ready spare: zero-filled {} bytes inline in {} ms",
                        Long.toHexString(zxid), config.segmentSizeBytes(), (System.nanoTime() - startNs) / 1_000_000);
            }
        }
    }

    /**
     * Rolls (not the first segment) that had no ready spare and zero-filled the new segment inline,
     * stalling appends meanwhile; a writer that keeps its spare ahead keeps this at zero. Writer thread.
     */
    public long inlineSegmentCreations() {
        return inlineSegmentCreations;
    }

    /**
     * Preallocates the next segment ahead of need, at most {@code stepBytes} of zeros per call, so the
     * next roll only writes a header and renames. For the writer's idle time; returns whether it did
     * any work (false once a spare is ready, recycled or zeroed, or while the log is empty).
     */
    public boolean prepareNextSegment(long stepBytes) throws IOException {
        ensureOpen();
        if (active == null || nextSegmentReady()) {
            return false;
        }
        if (spare == null) {
            spare = SpareSegment.begin(config.directory().resolve(LogFormat.SPARE_NAME), config.segmentSizeBytes());
        }
        spare.step(stepBytes);
        return true;
    }

    /** Whether a preallocated next segment is ready: a kept purged segment, or the zero-filled spare. */
    public boolean nextSegmentReady() {
        return !recycled.isEmpty() || (spare != null && spare.ready());
    }

    /** Purged segments kept for reuse right now (at most {@link LogConfig#recycledSegmentsMax}). Writer thread. */
    public int recycledSegmentsKept() {
        return recycled.size();
    }

    /** A cursor over the durable records with zxid at least {@code zxid}, oldest first. Any thread. */
    public LogCursor readFrom(long zxid) {
        return new LogCursor(published, zxid, config.recordPayloadBytesMax());
    }

    /**
     * Drops every record after {@code zxid} (ZAB TRUNC): deletes later segments newest first, then
     * zeroes the tail of the segment holding {@code zxid}, forces it and the directory. Records
     * appended but not yet forced are dropped too when they are after {@code zxid}.
     */
    public void truncateAfter(long zxid) throws IOException {
        ensureOpen();
        if (active == null) {
            return;
        }
        writeStaged();
        boolean deleted = false;
        while (active != null && active.firstZxid > zxid) {
            Path path = active.path;
            active.close();
            active = null;
            Files.delete(path);
            deleted = true;
            if (!closed.isEmpty()) {
                SegmentRef previous = closed.remove(closed.size() - 1);
                active = Segment.open(previous.path(), previous.firstZxid(), previous.dataEnd(), previous.lastZxid(),
                        previous.recordCount());
            }
        }
        if (deleted) {
            closedView = List.copyOf(closed);
            Segment.forceDirectory(config.directory());
        }
        if (active != null) {
            long[] end = active.endOfRecordsUpTo(zxid);
            active.cutBack((int) end[0], active.writePosition(), end[1], (int) end[2]);
            active.forceAll();
            lastZxid = active.lastZxid();
        } else {
            lastZxid = 0;
        }
        durableZxid = lastZxid;
        publish();
    }

    /**
     * Drops whole segments all of whose records are below {@code zxid} (those followed by a segment
     * starting at or below it), never the active segment. Returns how many were dropped. Dropped
     * segments of the configured size are recycled while fewer than {@link LogConfig#recycledSegmentsMax}
     * are kept: renamed to become later segments (their blocks reused, see {@link LogFormat}), so a
     * writer under steady load and purges never zero-fills a new file; the others are deleted.
     */
    public int purgeBefore(long zxid) throws IOException {
        ensureOpen();
        int deleted = 0;
        while (!closed.isEmpty()) {
            long nextFirst = closed.size() > 1 ? closed.get(1).firstZxid() : active.firstZxid;
            if (nextFirst > zxid) {
                break;
            }
            Path path = closed.remove(0).path();
            if (!recycle(path)) {
                Files.delete(path);
            }
            deleted++;
        }
        if (deleted > 0) {
            closedView = List.copyOf(closed);
            Segment.forceDirectory(config.directory());
            publish();
        }
        return deleted;
    }

    /**
     * Keeps a purged segment for reuse under a spare's name while fewer than the limit are kept; the
     * caller forces the directory. A half-zeroed spare stays as it is: it is only stepped further once
     * no kept segment is left.
     */
    private boolean recycle(Path path) throws IOException {
        if (recycled.size() >= config.recycledSegmentsMax() || Files.size(path) != config.segmentSizeBytes()) {
            return false;
        }
        Path target = config.directory().resolve(LogFormat.recycledSpareName(++recycledNames));
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        recycled.addLast(SpareSegment.recycled(target));
        return true;
    }

    private void publish() {
        SegmentRef activeRef = null;
        if (active != null) {
            activeRef = new SegmentRef(active.path, active.firstZxid, durableZxid, active.durablePosition(),
                    active.recordCount());
        }
        published = new LogView(closedView, activeRef, durableZxid);
    }

    private static SegmentRef refOf(Segment segment) {
        return new SegmentRef(segment.path, segment.firstZxid, segment.lastZxid(), segment.writePosition(),
                segment.recordCount());
    }

    private void ensureOpen() {
        if (!open) {
            throw new IllegalStateException("transaction log " + config.directory() + " is closed");
        }
    }

    /** Forces what was appended, then releases the files. */
    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        try {
            force();
        } finally {
            open = false;
            releaseFiles();
        }
    }

    /**
     * Releases the files without forcing: for a writer that failed, which must not go on as if the
     * failed force could simply be retried. What was not forced is recovered (or not) on reopen.
     */
    void closeWithoutForce() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        releaseFiles();
    }

    private void releaseFiles() throws IOException {
        try {
            if (active != null) {
                active.close();
                active = null;
            }
        } finally {
            try {
                if (spare != null) {
                    spare.close();
                    spare = null;
                }
            } finally {
                closeRecycled();
            }
        }
    }

    /** Deletes the kept purged segments (a clean close; recovery deletes them after a crash). */
    private void closeRecycled() throws IOException {
        IOException first = null;
        for (SpareSegment kept; (kept = recycled.pollFirst()) != null; ) {
            try {
                kept.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
