package io.zabd.server.admin;

/**
 * The server-wide figures of {@code srvr}, {@code stat} and the first keys of {@code mntr}, read in
 * one go so a reply is self-consistent. Latencies are in milliseconds, sizes in bytes.
 *
 * @param minLatencyMs           smallest request latency since the last {@code srst} (0 when none)
 * @param avgLatencyMs           mean request latency since the last {@code srst} (0 when none)
 * @param maxLatencyMs           largest request latency since the last {@code srst} (0 when none)
 * @param packetsReceived        client packets received since the last {@code srst}
 * @param packetsSent            client packets sent since the last {@code srst}
 * @param outstandingRequests    requests accepted and not yet answered
 * @param lastProcessedZxid      the zxid of the last applied transaction
 * @param nodeCount              znodes in the tree (the root and /zookeeper included, as ZooKeeper counts)
 * @param aliveConnections       open client connections
 * @param ephemeralsCount        ephemeral znodes
 * @param watchCount             watches registered (zk_watch_count)
 * @param globalSessions         sessions known to the session tracker
 * @param approximateDataSize    sum of path lengths and data lengths, as ZooKeeper's DataTree counts it
 * @param uptimeMs               since the server started serving
 * @param lastClientResponseSize bytes of the last reply (-1 when none)
 * @param minClientResponseSize  smallest reply in bytes (-1 when none)
 * @param maxClientResponseSize  largest reply in bytes (-1 when none)
 * @param authFailedCount        failed auth requests
 */
public record ServerStats(long minLatencyMs, double avgLatencyMs, long maxLatencyMs, long packetsReceived,
        long packetsSent, long outstandingRequests, long lastProcessedZxid, long nodeCount, int aliveConnections,
        long ephemeralsCount, long watchCount, long globalSessions, long approximateDataSize, long uptimeMs,
        long lastClientResponseSize, long minClientResponseSize, long maxClientResponseSize, long authFailedCount) {
}
