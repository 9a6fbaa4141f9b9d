package io.zabd.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the intended send time and the completion time of every successful request completed in the
 * measured window, so that requests can be classified afterwards by what the server was doing while they
 * were in flight (see {@link SnapshotImpact}). Errors are only counted. Thread-safe (one lock; a few
 * tens of thousands of completions per second do not contend on it). Memory: 16 bytes per request,
 * bounded by {@code capacity}; completions beyond it are counted in {@link #dropped()}.
 */
final class SampleLog implements LatencyRecorder.Observer {
    /** Samples per chunk (2 x 512 KiB). */
    static final int CHUNK = 1 << 16;
    /** Upper bound of the capacity: 50 M requests, 800 MB. */
    static final long CAPACITY_MAX = 50_000_000L;

    private final long capacity;
    private final List<long[]> intended = new ArrayList<>();
    private final List<long[]> completed = new ArrayList<>();
    private long size;
    private long dropped;
    private long errors;
    private boolean active;
    private long windowStartNs = -1;
    private long windowEndNs = -1;

    SampleLog(long capacity) {
        if (capacity < 1 || capacity > CAPACITY_MAX) {
            throw new IllegalArgumentException("sample capacity must be in [1, " + CAPACITY_MAX + "]: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void windowBegan(long nowNs) {
        active = true;
        windowStartNs = nowNs;
    }

    @Override
    public synchronized void completed(long intendedNs, long completedNs, boolean ok) {
        if (!active) {
            return;
        }
        if (!ok) {
            errors++;
            return;
        }
        if (size >= capacity) {
            dropped++;
            return;
        }
        int chunk = (int) (size / CHUNK);
        int slot = (int) (size % CHUNK);
        if (chunk == intended.size()) {
            intended.add(new long[CHUNK]);
            completed.add(new long[CHUNK]);
        }
        intended.get(chunk)[slot] = intendedNs;
        completed.get(chunk)[slot] = completedNs;
        size++;
    }

    @Override
    public synchronized void windowEnded(long nowNs) {
        active = false;
        windowEndNs = nowNs;
    }

    synchronized long size() {
        return size;
    }

    synchronized long intendedNs(long i) {
        return intended.get((int) (i / CHUNK))[(int) (i % CHUNK)];
    }

    synchronized long completedNs(long i) {
        return completed.get((int) (i / CHUNK))[(int) (i % CHUNK)];
    }

    /** Successful completions in the window not kept because the capacity was reached. */
    synchronized long dropped() {
        return dropped;
    }

    /** Failed requests completed in the window. */
    synchronized long errors() {
        return errors;
    }

    synchronized long windowStartNs() {
        return windowStartNs;
    }

    synchronized long windowEndNs() {
        return windowEndNs;
    }
}
