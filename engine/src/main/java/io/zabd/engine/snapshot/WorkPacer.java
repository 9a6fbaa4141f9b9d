package io.zabd.engine.snapshot;

import java.util.concurrent.locks.LockSupport;

/**
 * Spreads a long CPU-bound loop over time: after each slice of work it parks for as long as the duty
 * cycle asks, so the latency-sensitive threads it shares a few cores with get a core within about one
 * slice instead of waiting out the scheduler's time slice. {@link #tick} once per unit of work; it
 * reads the clock every {@link #CHECK_EVERY} ticks. Single-threaded.
 */
final class WorkPacer {
    static final int CHECK_EVERY = 64;
    private final long sliceNs;
    private final long pauseNs;
    private long sliceStartNs;
    private int ticks;
    private long pausedNs;

    /** {@code dutyPercent} in [1, 100]; 100 never pauses. */
    WorkPacer(int dutyPercent, long sliceNs) {
        this.sliceNs = sliceNs;
        this.pauseNs = dutyPercent >= 100 ? 0 : sliceNs * (100 - dutyPercent) / dutyPercent;
    }

    /** Starts a slice now (call before the loop). */
    void start() {
        sliceStartNs = System.nanoTime();
        ticks = 0;
    }

    /** One unit of work done; parks when the slice is used up. */
    void tick() {
        if (pauseNs == 0 || (++ticks & (CHECK_EVERY - 1)) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - sliceStartNs >= sliceNs) {
            LockSupport.parkNanos(pauseNs);
            long after = System.nanoTime();
            pausedNs += after - now;
            sliceStartNs = after;
        }
    }

    /** Time spent parked since this pacer was made. */
    long pausedNs() {
        return pausedNs;
    }
}
