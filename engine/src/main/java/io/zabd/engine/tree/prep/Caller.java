package io.zabd.engine.tree.prep;

import java.util.List;

/**
 * Who sends a request: session id, the request's cxid, the ids the session authenticated with
 * (addAuth), the peer's IP address (for the ip scheme, as ZooKeeper adds {@code ip:<address>} to
 * every connection) and whether it is the super user (ACL checks skipped).
 */
public record Caller(long sessionId, int cxid, List<AuthId> authIds, String peerIp, boolean superUser) {
    public Caller {
        authIds = List.copyOf(authIds);
    }

    public static Caller anonymous(long sessionId, int cxid) {
        return new Caller(sessionId, cxid, List.of(), "127.0.0.1", false);
    }
}
