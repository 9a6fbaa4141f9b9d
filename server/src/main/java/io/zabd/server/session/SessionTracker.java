package io.zabd.server.session;

import io.zabd.engine.util.Invariants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live session table of a standalone server (ZooKeeper's SessionTrackerImpl): negotiated timeout
 * per session, expiry by tick buckets, and the sessions that are closing (a closeSession txn is on its
 * way; they accept no more requests). Single-threaded: the state-machine agent owns it; the clock is
 * an argument.
 *
 * <p>The durable session table lives in the data tree (createSession/closeSession txns); this tracker
 * only holds the volatile part. On start the server {@link #add}s every recovered session with a fresh
 * full timeout, as ZooKeeper does.
 */
public final class SessionTracker {
    private final Map<Long, Integer> timeouts = new HashMap<>();
    private final Set<Long> closing = new HashSet<>();
    private final ExpiryQueue<Long> expiry;

    public SessionTracker(int tickTimeMs) {
        this.expiry = new ExpiryQueue<>(tickTimeMs);
    }

    /** A new or recovered session, expiring {@code timeoutMs} after {@code nowMs} unless touched. */
    public void add(long sessionId, int timeoutMs, long nowMs) {
        Invariants.check(sessionId != 0, "session id 0 is reserved");
        timeouts.put(sessionId, timeoutMs);
        closing.remove(sessionId);
        expiry.update(sessionId, nowMs, timeoutMs);
    }

    /** Pushes the expiry of a live session out; false if it is unknown or closing (ZooKeeper's touchSession). */
    public boolean touch(long sessionId, long nowMs) {
        Integer timeout = timeouts.get(sessionId);
        if (timeout == null || closing.contains(sessionId)) {
            return false;
        }
        expiry.update(sessionId, nowMs, timeout);
        return true;
    }

    /** Changes the timeout of a live session (a resume negotiates anew) and touches it. */
    public boolean touch(long sessionId, int timeoutMs, long nowMs) {
        if (!timeouts.containsKey(sessionId) || closing.contains(sessionId)) {
            return false;
        }
        timeouts.put(sessionId, timeoutMs);
        return touch(sessionId, nowMs);
    }

    /** Whether the session exists and is not closing. */
    public boolean isActive(long sessionId) {
        return timeouts.containsKey(sessionId) && !closing.contains(sessionId);
    }

    public boolean isClosing(long sessionId) {
        return closing.contains(sessionId);
    }

    /** Marks a session closing: it takes no more requests and no longer expires (its close is on the way). */
    public void setClosing(long sessionId) {
        if (timeouts.containsKey(sessionId)) {
            closing.add(sessionId);
            expiry.remove(sessionId);
        }
    }

    /** Forgets a session (its closeSession txn was applied). */
    public void remove(long sessionId) {
        timeouts.remove(sessionId);
        closing.remove(sessionId);
        expiry.remove(sessionId);
    }

    /** Sessions whose time ran out at {@code nowMs}; each is marked closing. */
    public List<Long> expire(long nowMs) {
        if (expiry.nextExpiryMs() > nowMs) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        for (Long id : expiry.poll(nowMs)) {
            closing.add(id);
            out.add(id);
        }
        return out;
    }

    /** Negotiated timeout, or -1 if unknown. */
    public int timeoutOf(long sessionId) {
        Integer t = timeouts.get(sessionId);
        return t == null ? -1 : t;
    }

    public boolean contains(long sessionId) {
        return timeouts.containsKey(sessionId);
    }

    public int size() {
        return timeouts.size();
    }

    /** Session id to timeout, for 4lw dumps. */
    public Map<Long, Integer> timeouts() {
        return Map.copyOf(timeouts);
    }

    /** Expiry bucket time to the sessions in it (4lw dump). */
    public Map<Long, List<Long>> expiryBuckets() {
        return expiry.buckets();
    }

    /** ZooKeeper's timeout negotiation: the requested value clamped to [min, max]. */
    public static int negotiate(int requestedMs, int minMs, int maxMs) {
        return Math.max(minMs, Math.min(maxMs, requestedMs));
    }
}
