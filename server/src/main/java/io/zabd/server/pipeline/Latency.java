package io.zabd.server.pipeline;

/**
 * Request latency from hand-over by the I/O thread to the reply (4lw srvr "Latency min/avg/max", in
 * ms as ZooKeeper prints them). Agent thread only.
 */
public final class Latency {
    private static final long NS_PER_MS = 1_000_000;
    private long count;
    private long totalNs;
    private long minNs = Long.MAX_VALUE;
    private long maxNs;

    void record(long ns) {
        count++;
        totalNs += ns;
        minNs = Math.min(minNs, ns);
        maxNs = Math.max(maxNs, ns);
    }

    void reset() {
        count = 0;
        totalNs = 0;
        minNs = Long.MAX_VALUE;
        maxNs = 0;
    }

    public long minMs() {
        return count == 0 ? 0 : minNs / NS_PER_MS;
    }

    public double avgMs() {
        return count == 0 ? 0 : (double) totalNs / count / NS_PER_MS;
    }

    public long maxMs() {
        return maxNs / NS_PER_MS;
    }

    public long count() {
        return count;
    }
}
