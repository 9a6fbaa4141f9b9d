package io.zabd.server.admin;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the four-letter words' replies in ZooKeeper 3.9.5's text formats from plain values: no
 * state, no I/O (src/docs/four-letter-words.md shows every format). Lines end with '\n'.
 */
public final class FourLetterFormat {
    /** ZooKeeper's reply to a stateful command while the server is not serving. */
    public static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests\n";

    private FourLetterFormat() {}

    /** Rounds to 4 decimals as ZooKeeper's averages are printed (e.g. 2.1111). */
    static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /**
     * srvr (withClients false) and stat (withClients true): the version, the clients when asked, then
     * the server figures and the node count; a leader adds its proposal sizes.
     */
    public static String stat(String version, ServerMode mode, ServerStats s, List<ConnectionInfo> clients,
            boolean withClients, ProposalSizes proposalSizes) {
        StringBuilder b = new StringBuilder();
        b.append("Zookeeper version: ").append(version).append('\n');
        if (mode == ServerMode.READ_ONLY) {
            b.append("READ-ONLY mode; serving only read-only clients\n");
        }
        if (withClients) {
            b.append("Clients:\n");
            for (ConnectionInfo c : clients) {
                appendConnection(b, c, true);
                b.append('\n');
            }
            b.append('\n');
        }
        b.append("Latency min/avg/max: ").append(s.minLatencyMs()).append('/').append(round4(s.avgLatencyMs()))
                .append('/').append(s.maxLatencyMs()).append('\n');
        b.append("Received: ").append(s.packetsReceived()).append('\n');
        b.append("Sent: ").append(s.packetsSent()).append('\n');
        b.append("Connections: ").append(s.aliveConnections()).append('\n');
        b.append("Outstanding: ").append(s.outstandingRequests()).append('\n');
        b.append("Zxid: 0x").append(Long.toHexString(s.lastProcessedZxid())).append('\n');
        b.append("Mode: ").append(mode.zooKeeperName()).append('\n');
        b.append("Node count: ").append(s.nodeCount()).append('\n');
        if (mode == ServerMode.LEADER && proposalSizes != null) {
            b.append("Proposal sizes last/min/max: ").append(proposalSizes.last()).append('/')
                    .append(proposalSizes.min()).append('/').append(proposalSizes.max()).append('\n');
        }
        return b.toString();
    }

    /** The leader's proposal sizes in bytes (-1 when none yet). */
    public record ProposalSizes(long last, long min, long max) {}

    /** cons: one line per connection, then an empty line. */
    public static String cons(List<ConnectionInfo> connections) {
        StringBuilder b = new StringBuilder();
        for (ConnectionInfo c : connections) {
            appendConnection(b, c, false);
            b.append('\n');
        }
        b.append('\n');
        return b.toString();
    }

    /**
     * One connection as ZooKeeper's dumpConnectionInfo prints it:
     * {@code " /ip:port[ops](queued=,recved=,sent=[,sid=0x..,lop=,est=,to=[,lcxid=0x..],lzxid=0x..,lresp=,llat=,minlat=,avglat=,maxlat=])"}.
     */
    static void appendConnection(StringBuilder b, ConnectionInfo c, boolean brief) {
        b.append(' ').append(address(c.remoteAddress())).append('[').append(c.interestOps()).append("](queued=")
                .append(c.queued()).append(",recved=").append(c.received()).append(",sent=").append(c.sent());
        if (!brief && c.sessionId() != 0) {
            b.append(",sid=0x").append(Long.toHexString(c.sessionId()));
            b.append(",lop=").append(c.lastOperation());
            b.append(",est=").append(c.establishedMs());
            b.append(",to=").append(c.sessionTimeoutMs());
            if (c.lastCxid() >= 0) {
                b.append(",lcxid=0x").append(Long.toHexString(c.lastCxid()));
            }
            b.append(",lzxid=0x").append(Long.toHexString(c.lastZxid()));
            b.append(",lresp=").append(c.lastResponseMs());
            b.append(",llat=").append(c.lastLatencyMs());
            b.append(",minlat=").append(c.minLatencyMs());
            b.append(",avglat=").append(c.avgLatencyMs());
            b.append(",maxlat=").append(c.maxLatencyMs());
        }
        b.append(')');
    }

    /** "/ip:port" as a socket's unresolved peer address prints in ZooKeeper (no host name lookup). */
    static String address(java.net.InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return "/" + host + ":" + a.getPort();
    }

    /** wchs: connections and paths with data watches, then the total. */
    public static String wchs(WatchReport watches) {
        int total = 0;
        java.util.Set<String> paths = new java.util.HashSet<>();
        for (List<String> p : watches.pathsBySession().values()) {
            total += p.size();
            paths.addAll(p);
        }
        return watches.pathsBySession().size() + " connections watching " + paths.size() + " paths\n"
                + "Total watches:" + total + "\n";
    }

    /** wchc: each session (0x hex), its watched paths tab-indented; then an empty line. Sorted for stable output. */
    public static String wchc(WatchReport watches) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Long, List<String>> e : new TreeMap<>(watches.pathsBySession()).entrySet()) {
            b.append("0x").append(Long.toHexString(e.getKey())).append('\n');
            for (String path : e.getValue().stream().sorted().toList()) {
                b.append('\t').append(path).append('\n');
            }
        }
        b.append('\n');
        return b.toString();
    }

    /** wchp: each watched path, the watching sessions tab-indented; then an empty line. */
    public static String wchp(WatchReport watches) {
        TreeMap<String, List<Long>> byPath = new TreeMap<>();
        for (Map.Entry<Long, List<String>> e : new TreeMap<>(watches.pathsBySession()).entrySet()) {
            for (String path : e.getValue()) {
                byPath.computeIfAbsent(path, k -> new ArrayList<>()).add(e.getKey());
            }
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<Long>> e : byPath.entrySet()) {
            b.append(e.getKey()).append('\n');
            for (long session : e.getValue()) {
                b.append("\t0x").append(Long.toHexString(session)).append('\n');
            }
        }
        b.append('\n');
        return b.toString();
    }

    /**
     * dump: the session tracker's expiry buckets, the ephemerals per session, then the "Connections
     * dump:" header. ZooKeeper's Netty connection factory (like zabd's) prints nothing under it; its
     * NIO factory prints connection expiry sets.
     */
    public static String dump(SessionReport sessions) {
        StringBuilder b = new StringBuilder("SessionTracker dump:\n");
        int sessionCount = 0;
        for (List<Long> ids : sessions.expiryBuckets().values()) {
            sessionCount += ids.size();
        }
        b.append("Session Sets (").append(sessions.expiryBuckets().size()).append(")/(").append(sessionCount)
                .append("):\n");
        for (Map.Entry<Long, List<Long>> e : new TreeMap<>(sessions.expiryBuckets()).entrySet()) {
            b.append(e.getValue().size()).append(" expire at ").append(new Date(e.getKey())).append(":\n");
            for (long id : e.getValue()) {
                b.append("\t0x").append(Long.toHexString(id)).append('\n');
            }
        }
        b.append("ephemeral nodes dump:\n");
        b.append("Sessions with Ephemerals (").append(sessions.ephemeralsBySession().size()).append("):\n");
        for (Map.Entry<Long, List<String>> e : new TreeMap<>(sessions.ephemeralsBySession()).entrySet()) {
            b.append("0x").append(Long.toHexString(e.getKey())).append(":\n");
            for (String path : e.getValue().stream().sorted().toList()) {
                b.append('\t').append(path).append('\n');
            }
        }
        b.append("Connections dump:\n");
        return b.toString();
    }

    /** dirs: the snapshot and log directory sizes in bytes. */
    public static String dirs(long dataDirBytes, long logDirBytes) {
        return "datadir_size: " + dataDirBytes + "\nlogdir_size: " + logDirBytes + "\n";
    }

    /** conf and envi: "key=value" lines (envi's first line is "Environment:"). */
    public static String keyValues(String header, List<Map.Entry<String, String>> entries) {
        StringBuilder b = new StringBuilder();
        if (header != null) {
            b.append(header).append('\n');
        }
        for (Map.Entry<String, String> e : entries) {
            b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return b.toString();
    }

    /** mntr: "zk_key\tvalue" lines; integers as integers, other numbers as doubles, as ZooKeeper prints them. */
    public static String mntr(List<Map.Entry<String, Object>> values) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : values) {
            b.append("zk_").append(e.getKey()).append('\t').append(mntrValue(e.getValue())).append('\n');
        }
        return b.toString();
    }

    static String mntrValue(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Number n) {
            return Double.toString(n.doubleValue());
        }
        return String.valueOf(value);
    }

    /** hash: one "zxid-hex:digest" line per recorded digest. */
    public static String hash(List<ServerState.ZxidDigest> digests) {
        StringBuilder b = new StringBuilder();
        for (ServerState.ZxidDigest d : digests) {
            b.append(Long.toHexString(d.zxid())).append(':').append(d.digest()).append('\n');
        }
        return b.toString();
    }
}
