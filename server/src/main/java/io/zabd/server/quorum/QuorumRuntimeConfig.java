package io.zabd.server.quorum;

/**
 * Limits of the quorum runtime, validated once.
 *
 * @param coreTickMs            period of the ZAB core's clock (its limits are in these ticks; 10 ms as the core assumes)
 * @param finalizeWaitMs        election finalize wait (ZooKeeper: 200 ms)
 * @param pingIntervalMs        how often the leader pings (ZooKeeper: tickTime / 2)
 * @param logCacheEntriesMax    applied log entries indexed in memory for DIFF beyond which the oldest are dropped
 * @param payloadCacheEntries   newest log entries whose payload stays on the heap; a DIFF reads older ones back
 *                              from the log on disk (ZooKeeper keeps 500, commitLogCount)
 * @param inboundQueueCapacity  messages from the transport waiting for the runtime; a full queue drops (a loss)
 * @param submitQueueCapacity   client writes waiting for the runtime; full: submit returns false
 * @param idleMaxParkNs         longest park of the idle runtime thread (every input unparks it earlier; the
 *                              default, one core tick, only bounds how late a tick can be)
 * @param proposalsInFlightMax  leader back-pressure (submit answers BUSY beyond it)
 * @param syncDiffMaxTxns       a DIFF longer than this becomes a SNAP
 */
public record QuorumRuntimeConfig(int coreTickMs, int finalizeWaitMs, int pingIntervalMs, int logCacheEntriesMax, int payloadCacheEntries,
                                  int inboundQueueCapacity, int submitQueueCapacity, long idleMaxParkNs,
                                  int proposalsInFlightMax, int syncDiffMaxTxns) {
    public QuorumRuntimeConfig {
        require(coreTickMs >= 1, "coreTickMs must be >= 1");
        require(finalizeWaitMs >= 0, "finalizeWaitMs must be >= 0");
        require(pingIntervalMs >= coreTickMs, "pingIntervalMs must be >= coreTickMs");
        require(logCacheEntriesMax >= 1, "logCacheEntriesMax must be >= 1");
        require(payloadCacheEntries >= 1, "payloadCacheEntries must be >= 1");
        require(inboundQueueCapacity >= 16, "inboundQueueCapacity must be >= 16");
        require(submitQueueCapacity >= 16, "submitQueueCapacity must be >= 16");
        require(idleMaxParkNs >= 1_000, "idleMaxParkNs must be >= 1 us");
        require(proposalsInFlightMax >= 1, "proposalsInFlightMax must be >= 1");
        require(syncDiffMaxTxns >= 0, "syncDiffMaxTxns must be >= 0");
    }

    public static QuorumRuntimeConfig defaults() {
        return new QuorumRuntimeConfig(10, 200, 500, 100_000, 1_000, 65_536, 16_384, 10_000_000, 1_000, 100_000);
    }

    public QuorumRuntimeConfig withProposalsInFlightMax(int value) {
        return new QuorumRuntimeConfig(coreTickMs, finalizeWaitMs, pingIntervalMs, logCacheEntriesMax, payloadCacheEntries,
                inboundQueueCapacity, submitQueueCapacity, idleMaxParkNs, value, syncDiffMaxTxns);
    }

    public QuorumRuntimeConfig withSyncDiffMaxTxns(int value) {
        return new QuorumRuntimeConfig(coreTickMs, finalizeWaitMs, pingIntervalMs, logCacheEntriesMax, payloadCacheEntries,
                inboundQueueCapacity, submitQueueCapacity, idleMaxParkNs, proposalsInFlightMax, value);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
