package io.zabd.engine;

import java.util.Random;

/**
 * When to take the next snapshot, as ZooKeeper decides it: after a number of applied transactions
 * drawn at random from [snapCount/2 + 1, snapCount], or after a number of applied transaction bytes
 * drawn from [snapSizeLimit/2, snapSizeLimit], whichever comes first. The randomisation keeps the
 * members of an ensemble from snapshotting together. Deterministic for a seed.
 */
final class SnapshotPolicy {
    private final long snapCount;
    private final long snapSizeLimitBytes;
    private final Random random;
    private long txnsSince;
    private long bytesSince;
    private long txnThreshold;
    private long bytesThreshold;

    SnapshotPolicy(long snapCount, long snapSizeLimitBytes, long seed) {
        this.snapCount = snapCount;
        this.snapSizeLimitBytes = snapSizeLimitBytes;
        this.random = new Random(seed);
        roll();
    }

    /** Counts one applied transaction; true when a snapshot is due (the counters then restart). */
    boolean onApplied(long txnBytes) {
        txnsSince++;
        bytesSince += txnBytes;
        if (txnsSince >= txnThreshold || (snapSizeLimitBytes > 0 && bytesSince >= bytesThreshold)) {
            reset();
            return true;
        }
        return false;
    }

    void reset() {
        txnsSince = 0;
        bytesSince = 0;
        roll();
    }

    long txnThreshold() {
        return txnThreshold;
    }

    private void roll() {
        long half = snapCount / 2;
        txnThreshold = half + 1 + (snapCount - half - 1 > 0 ? (long) (random.nextDouble() * (snapCount - half)) : 0);
        txnThreshold = Math.min(txnThreshold, snapCount);
        if (snapSizeLimitBytes > 0) {
            long halfBytes = snapSizeLimitBytes / 2;
            bytesThreshold = halfBytes + (long) (random.nextDouble() * (snapSizeLimitBytes - halfBytes));
        }
    }
}
