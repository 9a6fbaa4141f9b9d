package io.zabd.tools.zk;

/**
 * Bounds applied while reading ZooKeeper files, so that a corrupt length or count is reported
 * instead of allocating without limit.
 *
 * @param maxBufferBytes largest single buffer or string (znode data, a path, a log entry) accepted;
 *     ZooKeeper's own limit is {@code jute.maxbuffer} (1 MiB by default) plus slack, so the default
 *     here is generous
 * @param maxCount largest session, ACL-table or ACL-vector count accepted
 */
public record ZkLimits(int maxBufferBytes, int maxCount) {
    public static final int MAX_BUFFER_BYTES_DEFAULT = 64 * 1024 * 1024;
    public static final int MAX_COUNT_DEFAULT = 100_000_000;
    public static final ZkLimits DEFAULT = new ZkLimits(MAX_BUFFER_BYTES_DEFAULT, MAX_COUNT_DEFAULT);

    public ZkLimits {
        if (maxBufferBytes <= 0) {
            throw new IllegalArgumentException("maxBufferBytes must be positive: " + maxBufferBytes);
        }
        if (maxCount <= 0) {
            throw new IllegalArgumentException("maxCount must be positive: " + maxCount);
        }
    }
}
