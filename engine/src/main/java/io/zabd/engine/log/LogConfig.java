package io.zabd.engine.log;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of the transaction log, validated once on construction. Every limit is named here.
 *
 * @param directory                 directory holding the segment files
 * @param segmentSizeBytes          size each new segment file is preallocated to
 * @param recordPayloadBytesMax     largest payload (encoded txn) one record may carry
 * @param forceMode                 how appended records are forced ({@link ForceMode}), default CHANNEL
 * @param forceSync                 false skips every force (ZooKeeper's unsafe {@code forceSync=no}):
 *                                  records are reported durable once written to the page cache
 * @param queueCapacity             bound of the group-commit queue; a full queue refuses offers
 * @param stagingBufferBytes        CHANNEL mode: bytes staged before a positional write is issued
 * @param writerIdleMaxParkNs       longest park of the idle group-commit writer thread
 * @param recycledSegmentsMax       purged segments kept (renamed, blocks allocated) to become later segments
 *                                  instead of zero-filling new files; 0 deletes every purged segment
 */
public record LogConfig(Path directory, long segmentSizeBytes, int recordPayloadBytesMax, ForceMode forceMode,
        boolean forceSync, int queueCapacity, int stagingBufferBytes, long writerIdleMaxParkNs,
        int recycledSegmentsMax) {

    public static final long SEGMENT_SIZE_BYTES_DEFAULT = 64L * 1024 * 1024;
    public static final long SEGMENT_SIZE_BYTES_MIN = 64L * 1024;
    /** Segments are mapped whole, and a mapping is addressed with an int. */
    public static final long SEGMENT_SIZE_BYTES_MAX = 1L << 30;
    /** jute.maxbuffer's default (0xfffff) plus room for the txn header and record framing. */
    public static final int RECORD_PAYLOAD_BYTES_MAX_DEFAULT = 0xFFFFF + 1024;
    public static final int RECORD_PAYLOAD_BYTES_MAX_LIMIT = 64 * 1024 * 1024;
    public static final int QUEUE_CAPACITY_DEFAULT = 16 * 1024;
    public static final int QUEUE_CAPACITY_MIN = 2;
    public static final int QUEUE_CAPACITY_MAX = 1 << 24;
    public static final int STAGING_BUFFER_BYTES_DEFAULT = 2 * 1024 * 1024;
    public static final long WRITER_IDLE_MAX_PARK_NS_DEFAULT = 10_000_000L;
    public static final ForceMode FORCE_MODE_DEFAULT = ForceMode.CHANNEL;
    /**
     * Enough for the segments one purge usually drops under load (a snapshot every ~2 segments); more
     * only holds disk that a later purge would refill.
     */
    public static final int RECYCLED_SEGMENTS_MAX_DEFAULT = 4;
    public static final int RECYCLED_SEGMENTS_MAX_LIMIT = 1024;

    public LogConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(forceMode, "forceMode");
        requireRange("segmentSizeBytes", segmentSizeBytes, SEGMENT_SIZE_BYTES_MIN, SEGMENT_SIZE_BYTES_MAX);
        requireRange("recordPayloadBytesMax", recordPayloadBytesMax, 1, RECORD_PAYLOAD_BYTES_MAX_LIMIT);
        requireRange("queueCapacity", queueCapacity, QUEUE_CAPACITY_MIN, QUEUE_CAPACITY_MAX);
        long largestRecord = LogFormat.recordBytes(recordPayloadBytesMax);
        if (LogFormat.SEGMENT_HEADER_BYTES + largestRecord > segmentSizeBytes) {
            throw new IllegalArgumentException("segmentSizeBytes " + segmentSizeBytes
                    + " cannot hold the segment header and one record of recordPayloadBytesMax " + recordPayloadBytesMax);
        }
        requireRange("stagingBufferBytes", stagingBufferBytes, largestRecord, Integer.MAX_VALUE);
        requireRange("writerIdleMaxParkNs", writerIdleMaxParkNs, 1_000, 1_000_000_000L);
        requireRange("recycledSegmentsMax", recycledSegmentsMax, 0, RECYCLED_SEGMENTS_MAX_LIMIT);
    }

    /**
     * Defaults: 64 MiB segments, 1 MiB records, CHANNEL (fdatasync; in the short JMH runs it was as
     * fast or faster than MAPPED at every batch size, clearly so at 1-100 records per force), forceSync on.
     */
    public static LogConfig defaults(Path directory) {
        return new LogConfig(directory, SEGMENT_SIZE_BYTES_DEFAULT, RECORD_PAYLOAD_BYTES_MAX_DEFAULT, FORCE_MODE_DEFAULT,
                true, QUEUE_CAPACITY_DEFAULT, STAGING_BUFFER_BYTES_DEFAULT, WRITER_IDLE_MAX_PARK_NS_DEFAULT,
                RECYCLED_SEGMENTS_MAX_DEFAULT);
    }

    public LogConfig withSegmentSizeBytes(long value) {
        return new LogConfig(directory, value, recordPayloadBytesMax, forceMode, forceSync, queueCapacity,
                stagingBufferBytes, writerIdleMaxParkNs, recycledSegmentsMax);
    }

    public LogConfig withRecordPayloadBytesMax(int value) {
        int staging = Math.max(stagingBufferBytes, LogFormat.recordBytes(value));
        return new LogConfig(directory, segmentSizeBytes, value, forceMode, forceSync, queueCapacity, staging,
                writerIdleMaxParkNs, recycledSegmentsMax);
    }

    public LogConfig withForceMode(ForceMode value) {
        return new LogConfig(directory, segmentSizeBytes, recordPayloadBytesMax, value, forceSync, queueCapacity,
                stagingBufferBytes, writerIdleMaxParkNs, recycledSegmentsMax);
    }

    public LogConfig withForceSync(boolean value) {
        return new LogConfig(directory, segmentSizeBytes, recordPayloadBytesMax, forceMode, value, queueCapacity,
                stagingBufferBytes, writerIdleMaxParkNs, recycledSegmentsMax);
    }

    public LogConfig withQueueCapacity(int value) {
        return new LogConfig(directory, segmentSizeBytes, recordPayloadBytesMax, forceMode, forceSync, value,
                stagingBufferBytes, writerIdleMaxParkNs, recycledSegmentsMax);
    }

    public LogConfig withStagingBufferBytes(int value) {
        return new LogConfig(directory, segmentSizeBytes, recordPayloadBytesMax, forceMode, forceSync, queueCapacity,
                value, writerIdleMaxParkNs, recycledSegmentsMax);
    }

    public LogConfig withWriterIdleMaxParkNs(long value) {
        return new LogConfig(directory, segmentSizeBytes, recordPayloadBytesMax, forceMode, forceSync, queueCapacity,
                stagingBufferBytes, value, recycledSegmentsMax);
    }

    public LogConfig withRecycledSegmentsMax(int value) {
        return new LogConfig(directory, segmentSizeBytes, recordPayloadBytesMax, forceMode, forceSync, queueCapacity,
                stagingBufferBytes, writerIdleMaxParkNs, value);
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
