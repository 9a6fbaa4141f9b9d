package io.zabd.server.admin;

import java.net.InetSocketAddress;

/**
 * One client connection as {@code cons} and {@code stat} print it. A connection without a session
 * yet (sessionId 0) is printed with its counters only.
 *
 * @param remoteAddress    the client's address
 * @param interestOps      1 while the server reads from the socket, 0 while reads are stopped
 * @param queued           replies queued and not yet written
 * @param received         packets received on this connection since the last {@code crst}
 * @param sent             packets sent on this connection since the last {@code crst}
 * @param sessionId        0 until the session is established
 * @param lastOperation    ZooKeeper's 4-letter op abbreviation of the last request (e.g. GETD, SETD, PING), "NA" before any
 * @param establishedMs    wall-clock time the session was established on this connection (epoch ms)
 * @param sessionTimeoutMs negotiated session timeout
 * @param lastCxid         the last client xid, -1 before any request (then not printed)
 * @param lastZxid         the zxid of the last reply
 * @param lastResponseMs   monotonic time of the last reply in ms (ZooKeeper prints its elapsed-time clock)
 * @param lastLatencyMs    latency of the last request
 * @param minLatencyMs     since the last {@code crst}
 * @param avgLatencyMs     since the last {@code crst}, whole milliseconds
 * @param maxLatencyMs     since the last {@code crst}
 */
public record ConnectionInfo(InetSocketAddress remoteAddress, int interestOps, long queued, long received, long sent,
        long sessionId, String lastOperation, long establishedMs, int sessionTimeoutMs, long lastCxid, long lastZxid,
        long lastResponseMs, long lastLatencyMs, long minLatencyMs, long avgLatencyMs, long maxLatencyMs) {

    /** A connection that has not (yet) sent a ConnectRequest. */
    public static ConnectionInfo withoutSession(InetSocketAddress remoteAddress, int interestOps, long queued,
            long received, long sent) {
        return new ConnectionInfo(remoteAddress, interestOps, queued, received, sent, 0, "NA", 0, 0, -1, 0, 0, 0, 0, 0,
                0);
    }
}
