package io.zabd.engine.snapshot;

/**
 * Limits of the snapshot store and its asynchronous writer, validated once here.
 *
 * @param snapRetainCount number of checkpoints kept under {@code <dir>/checkpoints} (ZooKeeper's
 *     {@code autopurge.snapRetainCount}); at least {@link #MIN_SNAP_RETAIN_COUNT}
 * @param writerQueueCapacity deltas the {@link SnapshotWriter} holds before it coalesces new ones
 *     into the newest queued delta, 1 to {@link #MAX_WRITER_QUEUE_CAPACITY}
 */
public record SnapshotStoreConfig(int snapRetainCount, int writerQueueCapacity) {
    public static final int MIN_SNAP_RETAIN_COUNT = 3;
    public static final int MAX_WRITER_QUEUE_CAPACITY = 1 << 16;
    public static final int DEFAULT_WRITER_QUEUE_CAPACITY = 16;

    public SnapshotStoreConfig {
        if (snapRetainCount < MIN_SNAP_RETAIN_COUNT) {
            throw new IllegalArgumentException("snapRetainCount must be at least " + MIN_SNAP_RETAIN_COUNT + ", was "
                    + snapRetainCount);
        }
        if (writerQueueCapacity < 1 || writerQueueCapacity > MAX_WRITER_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("writerQueueCapacity must be in [1, " + MAX_WRITER_QUEUE_CAPACITY
                    + "], was " + writerQueueCapacity);
        }
    }

    public static SnapshotStoreConfig defaults() {
        return new SnapshotStoreConfig(MIN_SNAP_RETAIN_COUNT, DEFAULT_WRITER_QUEUE_CAPACITY);
    }
}
