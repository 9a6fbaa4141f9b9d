package io.zabd.server.pipeline;

import io.zabd.server.config.ServerConfig;

/**
 * Settings of the state-machine pipeline, validated once.
 *
 * @param serverId                 high byte of session ids (1 for a standalone server, as ZooKeeper)
 * @param tickTimeMs               session expiry granularity
 * @param minSessionTimeoutMs      lower clamp of negotiated timeouts
 * @param maxSessionTimeoutMs      upper clamp
 * @param globalOutstandingLimit   requests in the server before sockets stop being read
 * @param inboundQueueCapacity     the agent's MPSC queue (a power of two)
 * @param containerCheckIntervalMs how often container and TTL candidates are deleted
 * @param superDigest              {@code user:base64(sha1)} of the super user, or null
 * @param extendedTypesEnabled     TTL nodes allowed
 * @param drainBatchMax            inbound items taken per duty cycle
 * @param idleMaxParkNs            longest park of the idle agent (producers unpark it)
 */
public record PipelineConfig(long serverId, int tickTimeMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
        int globalOutstandingLimit, int inboundQueueCapacity, long containerCheckIntervalMs, String superDigest,
        boolean extendedTypesEnabled, int drainBatchMax, long idleMaxParkNs) {
    public static final int DRAIN_BATCH_MAX_DEFAULT = 1024;
    /** Producers unpark the agent when they hand work over, so a long park costs no latency. */
    public static final long IDLE_MAX_PARK_NS_DEFAULT = 10_000_000;
    static final int QUEUE_CAPACITY_MIN = 1024;

    public PipelineConfig {
        if (tickTimeMs <= 0 || minSessionTimeoutMs <= 0 || maxSessionTimeoutMs < minSessionTimeoutMs) {
            throw new IllegalArgumentException("bad session timing: tickTime=" + tickTimeMs + " min="
                    + minSessionTimeoutMs + " max=" + maxSessionTimeoutMs);
        }
        if (globalOutstandingLimit <= 0 || Integer.bitCount(inboundQueueCapacity) != 1
                || inboundQueueCapacity < QUEUE_CAPACITY_MIN) {
            throw new IllegalArgumentException("globalOutstandingLimit must be positive (" + globalOutstandingLimit
                    + ") and inboundQueueCapacity a power of two >= " + QUEUE_CAPACITY_MIN + " (" + inboundQueueCapacity + ")");
        }
        if (containerCheckIntervalMs <= 0 || drainBatchMax <= 0 || idleMaxParkNs <= 0) {
            throw new IllegalArgumentException("containerCheckIntervalMs, drainBatchMax and idleMaxParkNs must be positive");
        }
    }

    public static PipelineConfig from(ServerConfig c) {
        int capacity = Integer.highestOneBit(Math.max(QUEUE_CAPACITY_MIN, c.globalOutstandingLimit() * 4 - 1)) << 1;
        return new PipelineConfig(c.myid() == 0 ? 1 : c.myid(), c.tickTimeMs(), c.minSessionTimeoutMs(),
                c.maxSessionTimeoutMs(), c.globalOutstandingLimit(), capacity, c.containerCheckIntervalMs(),
                c.superDigest(), c.extendedTypesEnabled(), DRAIN_BATCH_MAX_DEFAULT, IDLE_MAX_PARK_NS_DEFAULT);
    }
}
