package io.zabd.server.admin;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Request latency min/avg/max and a count, safe to update from any thread and to read and reset from
 * the admin thread (srst, crst). Values are whole milliseconds, as ZooKeeper's.
 */
public final class LatencyCounters {
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong max = new AtomicLong();

    public void record(long latencyMs) {
        count.incrementAndGet();
        total.addAndGet(latencyMs);
        min.accumulateAndGet(latencyMs, Math::min);
        max.accumulateAndGet(latencyMs, Math::max);
    }

    public long count() {
        return count.get();
    }

    /** 0 before any sample, as ZooKeeper prints it. */
    public long minMs() {
        long m = min.get();
        return m == Long.MAX_VALUE ? 0 : m;
    }

    public long maxMs() {
        return max.get();
    }

    public double avgMs() {
        long n = count.get();
        return n == 0 ? 0.0 : (double) total.get() / n;
    }

    public void reset() {
        count.set(0);
        total.set(0);
        min.set(Long.MAX_VALUE);
        max.set(0);
    }
}
