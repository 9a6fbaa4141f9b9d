package io.zabd.server.quorum.storage;

import java.util.Arrays;

/**
 * The in-memory index of the replicated log: entry {@code i} is a zxid and its payload (or
 * {@code null} once the payload was evicted), in two parallel arrays, so an append costs two array
 * stores and no object. A {@code LogEntry} per append (and a second one per eviction) lived as long
 * as the index kept it (up to {@code logCacheEntriesMax}, seconds under load), and each was copied by
 * the young collections of that time. The caller appends zxids in increasing order (it searches the
 * index by zxid). Not thread-safe.
 */
final class LogIndex {
    private static final int INITIAL_CAPACITY = 1024;

    private long[] zxids = new long[INITIAL_CAPACITY];
    private byte[][] payloads = new byte[INITIAL_CAPACITY][];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long zxid(int i) {
        return zxids[i];
    }

    /** The payload of entry {@code i}, null if it was evicted. */
    byte[] payload(int i) {
        return payloads[i];
    }

    void add(long zxid, byte[] payload) {
        if (size == zxids.length) {
            zxids = Arrays.copyOf(zxids, size * 2);
            payloads = Arrays.copyOf(payloads, size * 2);
        }
        zxids[size] = zxid;
        payloads[size] = payload;
        size++;
    }

    /** Forgets entry {@code i}'s payload (it stays readable from the log on disk). */
    void evict(int i) {
        payloads[i] = null;
    }

    void removeLast() {
        size--;
        payloads[size] = null;
    }

    /** Drops the first {@code n} entries; the others move down by {@code n}. */
    void dropFirst(int n) {
        System.arraycopy(zxids, n, zxids, 0, size - n);
        System.arraycopy(payloads, n, payloads, 0, size - n);
        Arrays.fill(payloads, size - n, size, null);
        size -= n;
    }

    void clear() {
        Arrays.fill(payloads, 0, size, null);
        size = 0;
    }
}
