package io.zabd.server.session;

import io.zabd.engine.tree.EphemeralOwner;
import io.zabd.engine.util.Invariants;

/**
 * Session ids as ZooKeeper makes them (SessionTrackerImpl.initializeNextSessionId): the server id in
 * the high byte, then 56 bits that start from the clock ({@code (timeMs << 24) >>> 8}), incremented
 * for each new session. The start value comes from the wall clock, so a restarted server does not
 * reuse ids of sessions recovered from its snapshot (the caller also skips any id still in use).
 */
public final class SessionIds {
    private final long serverId;
    private long next;

    public SessionIds(long serverId, long nowMs) {
        Invariants.check(serverId >= 0 && serverId <= 0xff, "server id must fit in one byte: %s", serverId);
        this.serverId = serverId;
        this.next = initial(serverId, nowMs);
    }

    /** ZooKeeper's initial id: the clock shifted into the low 56 bits, the server id in the high byte. */
    public static long initial(long serverId, long nowMs) {
        long sid = (nowMs << 24) >>> 8;
        sid |= serverId << 56;
        if (sid == EphemeralOwner.CONTAINER) {
            sid++;
        }
        return sid;
    }

    /** The next id; never 0, never the container marker. */
    public long next() {
        long id = next++;
        if (id == 0 || id == EphemeralOwner.CONTAINER) {
            id = next++;
        }
        return id;
    }

    public long serverId() {
        return serverId;
    }
}
