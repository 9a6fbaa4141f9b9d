package io.zabd.server.session;

import io.zabd.engine.util.Invariants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Expiry by tick buckets (ZooKeeper's ExpiryQueue idea): an element touched at {@code nowMs} with a
 * timeout lands in the bucket of the first tick boundary after {@code nowMs + timeoutMs}; every
 * element of a bucket expires together once the clock passes the bucket's time. Touching moves an
 * element to a later bucket only, so a touch costs O(log buckets) and expiry O(expired).
 *
 * <p>Single-threaded (the state-machine agent owns it); time enters as an argument.
 */
public final class ExpiryQueue<E> {
    private final long tickMs;
    private final Map<E, Long> expiryOf = new HashMap<>();
    private final TreeMap<Long, Set<E>> buckets = new TreeMap<>();

    public ExpiryQueue(long tickMs) {
        Invariants.check(tickMs > 0, "tickMs must be positive: %s", tickMs);
        this.tickMs = tickMs;
    }

    /** The bucket time for an expiry at {@code timeMs}: rounded up to the next tick boundary. */
    long roundToNextTick(long timeMs) {
        return (timeMs / tickMs + 1) * tickMs;
    }

    /** Adds or touches {@code element}: it expires no earlier than {@code nowMs + timeoutMs}. */
    public void update(E element, long nowMs, long timeoutMs) {
        long bucket = roundToNextTick(nowMs + timeoutMs);
        Long previous = expiryOf.get(element);
        if (previous != null) {
            if (previous == bucket) {
                return;
            }
            removeFromBucket(element, previous);
        }
        expiryOf.put(element, bucket);
        buckets.computeIfAbsent(bucket, k -> new LinkedHashSet<>()).add(element);
    }

    /** Removes {@code element}; false if it was not there. */
    public boolean remove(E element) {
        Long previous = expiryOf.remove(element);
        if (previous == null) {
            return false;
        }
        removeFromBucket(element, previous);
        return true;
    }

    private void removeFromBucket(E element, long bucket) {
        Set<E> set = buckets.get(bucket);
        if (set != null) {
            set.remove(element);
            if (set.isEmpty()) {
                buckets.remove(bucket);
            }
        }
    }

    /** Removes and returns every element whose bucket time is at or before {@code nowMs}. */
    public List<E> poll(long nowMs) {
        List<E> out = new ArrayList<>();
        while (!buckets.isEmpty() && buckets.firstKey() <= nowMs) {
            Set<E> set = buckets.pollFirstEntry().getValue();
            for (E e : set) {
                expiryOf.remove(e);
                out.add(e);
            }
        }
        return out;
    }

    /** The bucket time of {@code element}, or -1. */
    public long expiryOf(E element) {
        Long t = expiryOf.get(element);
        return t == null ? -1 : t;
    }

    /** The earliest bucket time, or Long.MAX_VALUE when empty. */
    public long nextExpiryMs() {
        return buckets.isEmpty() ? Long.MAX_VALUE : buckets.firstKey();
    }

    public int size() {
        return expiryOf.size();
    }

    /** Bucket time to the elements in it, earliest first (for 4lw dump). */
    public Map<Long, List<E>> buckets() {
        Map<Long, List<E>> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<Long, Set<E>> e : buckets.entrySet()) {
            out.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return out;
    }
}
