package io.zabd.server.client;

import io.zabd.engine.tree.prep.AuthId;
import io.zabd.engine.tree.prep.Caller;
import io.zabd.server.net.ClientConnection;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state-machine agent's record of one client connection (ZooKeeper's ServerCnxn, minus the
 * I/O): its session, its authenticated ids, and its FIFO of requests waiting for earlier writes of
 * the connection to become durable and applied. Owned by the agent thread only; the I/O side is
 * {@link ClientConnection}.
 */
public final class Cnxn {
    /** ZooKeeper's scheme names for the ids a connection holds. */
    public static final String IP = "ip";
    public static final String SUPER = "super";

    private final ClientConnection connection;
    private final String peerIp;
    /**
     * Every id of the connection. ZooKeeper keeps them in a ConcurrentHashMap-backed set of jute Ids
     * and whoAmI lists them in that set's order, so the same set with the same hash codes is used.
     */
    private final Set<IdKey> authInfo = Collections.newSetFromMap(new ConcurrentHashMap<>());
    /** Caller ids (neither ip nor super) and the super flag, derived from authInfo; null until needed again. */
    private List<AuthId> callerIds;
    private boolean superCached;
    private final ArrayDeque<Object> fifo = new ArrayDeque<>();
    private long sessionId;
    private int timeoutMs;
    private boolean established;
    private boolean closed;
    private boolean needsFlush;
    private final long establishedMs = System.currentTimeMillis();
    private long received;
    /** The agent clock (ms) of the last session touch by this connection; -1 for none. */
    private long lastTouchMs = -1;
    private long sent;
    private long lastCxid = -1;
    private long lastZxid;
    private final io.zabd.server.admin.LatencyCounters latency = new io.zabd.server.admin.LatencyCounters();
    private String lastOperation = io.zabd.server.admin.LastOperation.NONE;
    private long lastLatencyMs;
    private long lastResponseMs;

    public Cnxn(ClientConnection connection) {
        this.connection = connection;
        InetSocketAddress peer = connection.remoteAddress();
        this.peerIp = peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
        if (peerIp != null) {
            authInfo.add(new IdKey(new AuthId(IP, peerIp)));
        }
    }

    public ClientConnection connection() {
        return connection;
    }

    public long sessionId() {
        return sessionId;
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    public void bindSession(long id, int negotiatedTimeoutMs) {
        this.sessionId = id;
        this.timeoutMs = negotiatedTimeoutMs;
        this.lastTouchMs = -1;
    }

    /** Whether the ConnectResponse has been sent with a valid session. */
    public boolean established() {
        return established;
    }

    public void markEstablished() {
        established = true;
    }

    public boolean closed() {
        return closed;
    }

    /** Closes the connection (flushing what was sent) and stops answering on it. */
    public void close() {
        if (!closed) {
            closed = true;
            connection.close();
        }
    }

    public String peerIp() {
        return peerIp;
    }

    public void addAuth(AuthId id) {
        callerIds = null;
        authInfo.add(new IdKey(id));
    }

    /** The ids in ZooKeeper's order (its set's iteration order). */
    public List<AuthId> authInfo() {
        List<AuthId> out = new ArrayList<>(authInfo.size());
        for (IdKey k : authInfo) {
            out.add(k.id);
        }
        return out;
    }

    /** An id hashed as the jute-generated {@code Id.hashCode}: 37 * (37 * 17 + scheme) + id. */
    private record IdKey(AuthId id) {
        @Override
        public int hashCode() {
            int result = 17;
            result = 37 * result + id.scheme().hashCode();
            return 37 * result + id.id().hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdKey k && k.id.equals(id);
        }
    }

    public boolean isSuper() {
        deriveCallerIds();
        return superCached;
    }

    /** Recomputes the caller ids and super flag after an auth change (not per request). */
    private void deriveCallerIds() {
        if (callerIds != null) {
            return;
        }
        List<AuthId> ids = new ArrayList<>(authInfo.size());
        boolean isSuper = false;
        for (AuthId id : authInfo()) {
            if (SUPER.equals(id.scheme())) {
                isSuper = true;
            } else if (!IP.equals(id.scheme())) {
                ids.add(id);
            }
        }
        superCached = isSuper;
        callerIds = List.copyOf(ids);
    }

    /** Who this connection is, for prep and ACL checks. */
    public Caller caller(int cxid) {
        deriveCallerIds();
        return new Caller(sessionId, cxid, callerIds, peerIp, superCached);
    }

    /** Requests and write markers waiting in this connection's order (the agent's per-session FIFO). */
    public ArrayDeque<Object> fifo() {
        return fifo;
    }

    /** Something was written since the last flush; returns whether this is the first such write. */
    public boolean markWritten() {
        boolean first = !needsFlush;
        needsFlush = true;
        return first;
    }

    /** Flushes if anything was written; returns whether it did. */
    public boolean flushIfNeeded() {
        if (!needsFlush) {
            return false;
        }
        needsFlush = false;
        if (!closed) {
            connection.flush();
        }
        return true;
    }

    /**
     * Whether the session should be touched at {@code nowMs}: once per agent clock value, so a batch of
     * requests of one connection touches its session once (a second touch at the same time is a no-op).
     */
    public boolean touchDue(long nowMs) {
        if (nowMs == lastTouchMs) {
            return false;
        }
        lastTouchMs = nowMs;
        return true;
    }

    /** Counts a request of this connection (for 4lw cons). */
    public void countReceived(int cxid) {
        received++;
        lastCxid = cxid;
    }

    /** Counts a frame sent on this connection with the zxid of its header. */
    public void countSent(long zxid) {
        sent++;
        lastZxid = zxid;
    }

    public long received() {
        return received;
    }

    public long sent() {
        return sent;
    }

    public long lastCxid() {
        return lastCxid;
    }

    public long lastZxid() {
        return lastZxid;
    }

    public long establishedMs() {
        return establishedMs;
    }

    /**
     * A request of this connection was answered (cons: lop, lresp, llat, min/avg/max latency).
     *
     * @param responseMs the monotonic time of the reply in ms (ZooKeeper's elapsed-time clock)
     */
    public void replied(int op, long latencyMs, long responseMs) {
        lastOperation = io.zabd.server.admin.LastOperation.of(op);
        lastLatencyMs = latencyMs;
        lastResponseMs = responseMs;
        latency.record(latencyMs);
    }

    public String lastOperation() {
        return lastOperation;
    }

    public long lastLatencyMs() {
        return lastLatencyMs;
    }

    public long lastResponseMs() {
        return lastResponseMs;
    }

    public io.zabd.server.admin.LatencyCounters latency() {
        return latency;
    }

    /** crst. */
    public void resetCounters() {
        received = 0;
        sent = 0;
        latency.reset();
        lastOperation = io.zabd.server.admin.LastOperation.NONE;
        lastLatencyMs = 0;
        lastResponseMs = 0;
    }

    @Override
    public String toString() {
        return "session 0x" + Long.toHexString(sessionId) + " on " + connection;
    }
}
