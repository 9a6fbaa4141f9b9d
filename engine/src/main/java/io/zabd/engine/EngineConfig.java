package io.zabd.engine;

import io.zabd.engine.log.LogConfig;
import io.zabd.engine.log.LogFormat;
import io.zabd.engine.snapshot.SnapshotStoreConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the engine needs to know, validated once here. Field names follow zoo.cfg where a key exists.
 *
 * @param dataDir              holds the snapshot store ({@code <dataDir>/snapshot}) and myid
 * @param dataLogDir           holds the transaction log segments ({@code <dataLogDir>/txnlog})
 * @param extendedTypesEnabled TTL nodes allowed (zoo.cfg {@code extendedTypesEnabled})
 * @param forceSync            false skips fsync (zoo.cfg {@code forceSync=no}; unsafe)
 * @param preAllocSizeBytes    size each log segment is preallocated to (zoo.cfg {@code preAllocSize}, in KB there)
 * @param snapCount            snapshot after a random number of applied txns in [snapCount/2+1, snapCount]
 * @param snapSizeLimitBytes   or after a random number of applied txn bytes in [limit/2, limit]; 0 or less: off
 * @param snapRetainCount      checkpoints kept (zoo.cfg {@code autopurge.snapRetainCount}, at least 3); the log
 *                             is kept from the oldest of them on
 * @param randomSeed           seed of the snapshot-point randomisation (replicas should differ)
 * @param txnBytesMax          largest encoded transaction the log accepts (jute.maxbuffer plus headers)
 */
public record EngineConfig(Path dataDir, Path dataLogDir, boolean extendedTypesEnabled, boolean forceSync,
        long preAllocSizeBytes, long snapCount, long snapSizeLimitBytes, int snapRetainCount, long randomSeed,
        int txnBytesMax) {

    public static final long SNAP_COUNT_DEFAULT = 100_000;
    public static final long SNAP_SIZE_LIMIT_BYTES_DEFAULT = 4L * 1024 * 1024 * 1024;
    public static final long SNAP_COUNT_MIN = 2;

    public EngineConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(dataLogDir, "dataLogDir");
        if (snapCount < SNAP_COUNT_MIN) {
            throw new IllegalArgumentException("snapCount must be at least " + SNAP_COUNT_MIN + ", was " + snapCount);
        }
        // The log and snapshot configurations validate the rest; build them once to fail early.
        logConfig(dataLogDir, forceSync, preAllocSizeBytes, txnBytesMax);
        new SnapshotStoreConfig(snapRetainCount, SnapshotStoreConfig.DEFAULT_WRITER_QUEUE_CAPACITY);
    }

    /** ZooKeeper's defaults: 64 MiB segments, snapCount 100,000, 4 GiB snapSizeLimit, retain 3, fsync on. */
    public static EngineConfig defaults(Path dataDir, Path dataLogDir) {
        return new EngineConfig(dataDir, dataLogDir, false, true, LogConfig.SEGMENT_SIZE_BYTES_DEFAULT,
                SNAP_COUNT_DEFAULT, SNAP_SIZE_LIMIT_BYTES_DEFAULT, SnapshotStoreConfig.MIN_SNAP_RETAIN_COUNT,
                System.nanoTime(), LogConfig.RECORD_PAYLOAD_BYTES_MAX_DEFAULT);
    }

    public EngineConfig withSnapCount(long value) {
        return new EngineConfig(dataDir, dataLogDir, extendedTypesEnabled, forceSync, preAllocSizeBytes, value,
                snapSizeLimitBytes, snapRetainCount, randomSeed, txnBytesMax);
    }

    public EngineConfig withPreAllocSizeBytes(long value) {
        return new EngineConfig(dataDir, dataLogDir, extendedTypesEnabled, forceSync, value, snapCount,
                snapSizeLimitBytes, snapRetainCount, randomSeed, txnBytesMax);
    }

    public EngineConfig withExtendedTypesEnabled(boolean value) {
        return new EngineConfig(dataDir, dataLogDir, value, forceSync, preAllocSizeBytes, snapCount,
                snapSizeLimitBytes, snapRetainCount, randomSeed, txnBytesMax);
    }

    public EngineConfig withRandomSeed(long value) {
        return new EngineConfig(dataDir, dataLogDir, extendedTypesEnabled, forceSync, preAllocSizeBytes, snapCount,
                snapSizeLimitBytes, snapRetainCount, value, txnBytesMax);
    }

    public Path snapshotDir() {
        return dataDir.resolve("snapshot");
    }

    public Path txnLogDir() {
        return dataLogDir.resolve("txnlog");
    }

    public LogConfig logConfig() {
        return logConfig(dataLogDir, forceSync, preAllocSizeBytes, txnBytesMax);
    }

    public SnapshotStoreConfig snapshotStoreConfig() {
        return new SnapshotStoreConfig(snapRetainCount, SnapshotStoreConfig.DEFAULT_WRITER_QUEUE_CAPACITY);
    }

    private static LogConfig logConfig(Path dataLogDir, boolean forceSync, long segmentBytes, int txnBytesMax) {
        LogConfig d = LogConfig.defaults(dataLogDir.resolve("txnlog"));
        return new LogConfig(d.directory(), segmentBytes, txnBytesMax, d.forceMode(), forceSync, d.queueCapacity(),
                (int) Math.max(d.stagingBufferBytes(), (long) LogFormat.recordBytes(txnBytesMax)), d.writerIdleMaxParkNs(),
                d.recycledSegmentsMax());
    }
}
