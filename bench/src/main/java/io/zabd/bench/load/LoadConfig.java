package io.zabd.bench.load;

/**
 * What one load run does: the workload, how many sessions and requests in flight, closed loop or fixed
 * rate, and how long it warms up and measures. Every limit is named and validated here.
 *
 * @param workload the operations issued
 * @param sessions client sessions (one {@code ZooKeeper} handle each), spread over the servers round-robin
 * @param outstandingPerSession closed loop: requests kept in flight per session
 * @param rateOpsPerSec 0 for the closed loop; otherwise the fixed total rate of the open loop, whose
 *     latencies are measured from each request's intended send time
 * @param openLoopOutstandingMax open loop: a bound on requests in flight over all sessions; when it is
 *     reached sending waits, and the wait is counted in the latency of the late requests
 * @param warmupNs time run before the measured window (results discarded)
 * @param measureNs the measured window
 * @param nodeCount size of the pre-created node set of setData, getData and mixed
 * @param payloadBytes data size of each create or setData; {@code -1} for the workload's default
 *     (100 B for create, 1 KiB otherwise)
 * @param sequentialCreate create: PERSISTENT_SEQUENTIAL under one parent instead of unique paths
 * @param readShare mixed: the fraction of getData requests, in [0, 1]
 * @param sessionTimeoutMs the session timeout the client asks for
 * @param drainTimeoutNs after the window, how long to wait for the requests still in flight; those still
 *     missing then count as errors
 */
public record LoadConfig(
        WorkloadKind workload,
        int sessions,
        int outstandingPerSession,
        long rateOpsPerSec,
        int openLoopOutstandingMax,
        long warmupNs,
        long measureNs,
        int nodeCount,
        int payloadBytes,
        boolean sequentialCreate,
        double readShare,
        int sessionTimeoutMs,
        long drainTimeoutNs) {

    public static final int SESSIONS_MAX = 1024;
    public static final int OUTSTANDING_PER_SESSION_MAX = 10_000;
    public static final int OPEN_LOOP_OUTSTANDING_MAX = 1_000_000;
    public static final int NODE_COUNT_MAX = 10_000_000;
    /** Below ZooKeeper's default jute.maxbuffer (0xfffff) with room for the request framing. */
    public static final int PAYLOAD_BYTES_MAX = 1_000_000;
    public static final int CREATE_DEFAULT_PAYLOAD_BYTES = 100;
    public static final int SET_DATA_DEFAULT_PAYLOAD_BYTES = 1024;

    public LoadConfig {
        check(workload != null, "workload is required");
        check(sessions >= 1 && sessions <= SESSIONS_MAX, "sessions must be in [1, %d]: %d", SESSIONS_MAX, sessions);
        check(outstandingPerSession >= 1 && outstandingPerSession <= OUTSTANDING_PER_SESSION_MAX,
                "outstanding per session must be in [1, %d]: %d", OUTSTANDING_PER_SESSION_MAX, outstandingPerSession);
        check(rateOpsPerSec >= 0, "rate must be >= 0 (0 = closed loop): %d", rateOpsPerSec);
        check(openLoopOutstandingMax >= 1 && openLoopOutstandingMax <= OPEN_LOOP_OUTSTANDING_MAX,
                "open-loop outstanding max must be in [1, %d]: %d", OPEN_LOOP_OUTSTANDING_MAX, openLoopOutstandingMax);
        check(warmupNs >= 0, "warm-up must be >= 0: %d ns", warmupNs);
        check(measureNs > 0, "measured window must be > 0: %d ns", measureNs);
        check(nodeCount >= 1 && nodeCount <= NODE_COUNT_MAX, "node count must be in [1, %d]: %d", NODE_COUNT_MAX,
                nodeCount);
        check(payloadBytes == -1 || (payloadBytes >= 0 && payloadBytes <= PAYLOAD_BYTES_MAX),
                "payload bytes must be -1 (default) or in [0, %d]: %d", PAYLOAD_BYTES_MAX, payloadBytes);
        check(readShare >= 0 && readShare <= 1, "read share must be in [0, 1]: %s", readShare);
        check(sessionTimeoutMs > 0, "session timeout must be > 0: %d", sessionTimeoutMs);
        check(drainTimeoutNs > 0, "drain timeout must be > 0: %d", drainTimeoutNs);
    }

    /** The same run with another workload. */
    public LoadConfig withWorkload(WorkloadKind other) {
        return new LoadConfig(other, sessions, outstandingPerSession, rateOpsPerSec, openLoopOutstandingMax, warmupNs,
                measureNs, nodeCount, payloadBytes, sequentialCreate, readShare, sessionTimeoutMs, drainTimeoutNs);
    }

    /** Whether this is the fixed-rate (open) loop. */
    public boolean openLoop() {
        return rateOpsPerSec > 0;
    }

    /** The data size of each create or setData (and of each node of the pre-created set). */
    public int effectivePayloadBytes() {
        if (payloadBytes >= 0) {
            return payloadBytes;
        }
        return workload == WorkloadKind.CREATE ? CREATE_DEFAULT_PAYLOAD_BYTES : SET_DATA_DEFAULT_PAYLOAD_BYTES;
    }

    /** A short description of the loop for tables: {@code 16x32} or {@code 5000/s}. */
    public String loopLabel() {
        return openLoop() ? rateOpsPerSec + "/s over " + sessions : sessions + "x" + outstandingPerSession;
    }

    private static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }
}
