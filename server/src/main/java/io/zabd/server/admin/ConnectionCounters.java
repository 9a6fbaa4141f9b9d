package io.zabd.server.admin;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-connection figures cons prints, kept by the server core for each connection: packets
 * received and sent, the last request's op, cxid, zxid, reply time and latency, and latency
 * min/avg/max. Updated from the threads that receive and reply; {@link #reset()} is crst.
 */
public final class ConnectionCounters {
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final LatencyCounters latency = new LatencyCounters();
    private volatile String lastOperation = LastOperation.NONE;
    private volatile long lastCxid = -1;
    private volatile long lastZxid = -1;
    private volatile long lastResponseMs;
    private volatile long lastLatencyMs;

    public void packetReceived() {
        received.incrementAndGet();
    }

    public void packetSent() {
        sent.incrementAndGet();
    }

    /**
     * A request answered.
     *
     * @param responseMs the monotonic time of the reply in ms (ZooKeeper's elapsed-time clock)
     */
    public void replied(int op, long cxid, long zxid, long latencyMs, long responseMs) {
        lastOperation = LastOperation.of(op);
        lastCxid = cxid;
        lastZxid = zxid;
        lastLatencyMs = latencyMs;
        lastResponseMs = responseMs;
        latency.record(latencyMs);
    }

    public void reset() {
        received.set(0);
        sent.set(0);
        latency.reset();
        lastOperation = LastOperation.NONE;
        lastCxid = -1;
        lastZxid = -1;
        lastResponseMs = 0;
        lastLatencyMs = 0;
    }

    /** The cons view of this connection; {@code sessionId} 0 prints only the counters. */
    public ConnectionInfo info(InetSocketAddress remote, int interestOps, long queued, long sessionId,
            long establishedMs, int sessionTimeoutMs) {
        if (sessionId == 0) {
            return ConnectionInfo.withoutSession(remote, interestOps, queued, received.get(), sent.get());
        }
        return new ConnectionInfo(remote, interestOps, queued, received.get(), sent.get(), sessionId, lastOperation,
                establishedMs, sessionTimeoutMs, lastCxid, lastZxid, lastResponseMs, lastLatencyMs, latency.minMs(),
                (long) latency.avgMs(), latency.maxMs());
    }
}
