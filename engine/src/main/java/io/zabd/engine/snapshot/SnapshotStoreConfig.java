package io.zabd.engine.snapshot;

/**
 * Limits of the snapshot store and its asynchronous writer, validated once here.
 *
 * @param snapRetainCount number of checkpoints kept under {@code <dir>/checkpoints} (ZooKeeper's
 *     {@code autopurge.snapRetainCount}); at least {@link #MIN_SNAP_RETAIN_COUNT}
 * @param writerQueueCapacity deltas the {@link SnapshotWriter} holds before it coalesces new ones
 *     into the newest queued delta, 1 to {@link #MAX_WRITER_QUEUE_CAPACITY}
 * @param writeBytesPerSecond bound on the rate at which RocksDB writes table files (flushes and
 *     compactions: RocksDB's rate limiter), so a snapshot's I/O does not crowd out the transaction
 *     log's fdatasyncs on a shared device; 0 = no bound, otherwise {@link #MIN_WRITE_BYTES_PER_SECOND}
 *     to {@link #MAX_WRITE_BYTES_PER_SECOND}
 * @param bytesPerSync RocksDB's {@code bytes_per_sync} and {@code wal_bytes_per_sync}: the store asks
 *     the kernel to start writing back every this many bytes of a file it writes, so the final
 *     fsync has little left to do; 0 = off (all at the final sync), at most {@link #MAX_BYTES_PER_SYNC}
 * @param snapshotsThroughWal true: a snapshot batch goes through RocksDB's WAL, synced (the WAL
 *     write plus the later flush write the changes twice); false: the batch skips the WAL and
 *     {@link SnapshotStore#write} returns after an atomic flush of every column family has made
 *     it durable (the changes are written once, as table files, at the rate limit). Both keep a
 *     snapshot all-or-nothing across a crash.
 * @param lowPriorityBackgroundThreads true: RocksDB's flush and compaction threads run at the lowest
 *     CPU priority (nice 19), so building and compressing table files yields the cores to the
 *     request path. RocksDB's thread pools are shared by every store in the process: once a store
 *     lowers them they stay low.
 * @param writerDutyCyclePercent share of the time the writer thread spends encoding a snapshot's
 *     nodes into its batch, 1 to 100: after each {@link #WRITER_SLICE_NS} of that work it parks for
 *     as long as this asks (30: 0.5 ms of work, ~1.2 ms parked), so on a machine with few cores the
 *     request path gets a core within about half a millisecond instead of the scheduler's time
 *     slice; 100 never parks. The snapshot takes longer by as much.
 */
public record SnapshotStoreConfig(int snapRetainCount, int writerQueueCapacity, long writeBytesPerSecond,
        long bytesPerSync, boolean snapshotsThroughWal, boolean lowPriorityBackgroundThreads,
        int writerDutyCyclePercent) {
    public static final int MIN_SNAP_RETAIN_COUNT = 3;
    public static final int MAX_WRITER_QUEUE_CAPACITY = 1 << 16;
    public static final int DEFAULT_WRITER_QUEUE_CAPACITY = 16;
    public static final long MIN_WRITE_BYTES_PER_SECOND = 1L << 20;
    public static final long MAX_WRITE_BYTES_PER_SECOND = 1L << 40;
    public static final long DEFAULT_WRITE_BYTES_PER_SECOND = 64L << 20;
    public static final long MAX_BYTES_PER_SYNC = 1L << 30;
    public static final long DEFAULT_BYTES_PER_SYNC = 1L << 20;
    public static final boolean DEFAULT_SNAPSHOTS_THROUGH_WAL = false;
    public static final boolean DEFAULT_LOW_PRIORITY_BACKGROUND_THREADS = true;
    public static final int DEFAULT_WRITER_DUTY_CYCLE_PERCENT = 30;
    /** Work the writer does between two parks when its duty cycle is below 100%. */
    public static final long WRITER_SLICE_NS = 500_000;

    public SnapshotStoreConfig {
        if (snapRetainCount < MIN_SNAP_RETAIN_COUNT) {
            throw new IllegalArgumentException("snapRetainCount must be at least " + MIN_SNAP_RETAIN_COUNT + ", was "
                    + snapRetainCount);
        }
        if (writerQueueCapacity < 1 || writerQueueCapacity > MAX_WRITER_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("writerQueueCapacity must be in [1, " + MAX_WRITER_QUEUE_CAPACITY
                    + "], was " + writerQueueCapacity);
        }
        boolean inRange = writeBytesPerSecond >= MIN_WRITE_BYTES_PER_SECOND
                && writeBytesPerSecond <= MAX_WRITE_BYTES_PER_SECOND;
        if (writeBytesPerSecond != 0 && !inRange) {
            throw new IllegalArgumentException("writeBytesPerSecond must be 0 (no bound) or in ["
                    + MIN_WRITE_BYTES_PER_SECOND + ", " + MAX_WRITE_BYTES_PER_SECOND + "], was " + writeBytesPerSecond);
        }
        if (bytesPerSync < 0 || bytesPerSync > MAX_BYTES_PER_SYNC) {
            throw new IllegalArgumentException("bytesPerSync must be in [0, " + MAX_BYTES_PER_SYNC + "], was "
                    + bytesPerSync);
        }
        if (writerDutyCyclePercent < 1 || writerDutyCyclePercent > 100) {
            throw new IllegalArgumentException("writerDutyCyclePercent must be in [1, 100], was "
                    + writerDutyCyclePercent);
        }
    }

    /** The given retain count and queue capacity, the other limits at their defaults. */
    public SnapshotStoreConfig(int snapRetainCount, int writerQueueCapacity) {
        this(snapRetainCount, writerQueueCapacity, DEFAULT_WRITE_BYTES_PER_SECOND, DEFAULT_BYTES_PER_SYNC,
                DEFAULT_SNAPSHOTS_THROUGH_WAL, DEFAULT_LOW_PRIORITY_BACKGROUND_THREADS, DEFAULT_WRITER_DUTY_CYCLE_PERCENT);
    }

    public static SnapshotStoreConfig defaults() {
        return new SnapshotStoreConfig(MIN_SNAP_RETAIN_COUNT, DEFAULT_WRITER_QUEUE_CAPACITY);
    }

    public SnapshotStoreConfig withWriteBytesPerSecond(long value) {
        return new SnapshotStoreConfig(snapRetainCount, writerQueueCapacity, value, bytesPerSync, snapshotsThroughWal,
                lowPriorityBackgroundThreads, writerDutyCyclePercent);
    }

    public SnapshotStoreConfig withBytesPerSync(long value) {
        return new SnapshotStoreConfig(snapRetainCount, writerQueueCapacity, writeBytesPerSecond, value,
                snapshotsThroughWal, lowPriorityBackgroundThreads, writerDutyCyclePercent);
    }

    public SnapshotStoreConfig withSnapshotsThroughWal(boolean value) {
        return new SnapshotStoreConfig(snapRetainCount, writerQueueCapacity, writeBytesPerSecond, bytesPerSync, value,
                lowPriorityBackgroundThreads, writerDutyCyclePercent);
    }

    public SnapshotStoreConfig withLowPriorityBackgroundThreads(boolean value) {
        return new SnapshotStoreConfig(snapRetainCount, writerQueueCapacity, writeBytesPerSecond, bytesPerSync,
                snapshotsThroughWal, value, writerDutyCyclePercent);
    }

    public SnapshotStoreConfig withWriterDutyCyclePercent(int value) {
        return new SnapshotStoreConfig(snapRetainCount, writerQueueCapacity, writeBytesPerSecond, bytesPerSync,
                snapshotsThroughWal, lowPriorityBackgroundThreads, value);
    }
}
