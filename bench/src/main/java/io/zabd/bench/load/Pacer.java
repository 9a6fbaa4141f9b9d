package io.zabd.bench.load;

import java.util.concurrent.locks.LockSupport;

/** The clock of a load run and the way it waits; tests drive a simulated one. */
public interface Pacer {
    long nanoTime();

    /** Returns at or after {@code deadlineNs} (a real pacer may return early; callers loop). */
    void parkUntil(long deadlineNs);

    /** The real clock: {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}. */
    Pacer SYSTEM = new Pacer() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(long deadlineNs) {
            long waitNs = deadlineNs - System.nanoTime();
            if (waitNs > 0) {
                LockSupport.parkNanos(waitNs);
            }
        }
    };
}
