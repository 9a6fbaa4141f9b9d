package io.zabd.server.config;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text ZooKeeper 3.9 serves in {@code /zookeeper/config} (and {@code getConfig}) on an ensemble
 * member: its quorum verifier's string form, one line per member then the config version in hex,
 * lines joined by '\n' with no newline at the end:
 * <pre>
 * server.1=10.0.0.1:2888:3888:participant
 * server.4=10.0.0.4:2888:3888:observer;10.0.0.4:2181
 * version=0
 * </pre>
 * A line is {@code host:quorumPort:electionPort:participant|observer}, IPv6 hosts in brackets, plus
 * {@code ;clientHost:clientPort} only when the server.N entry itself named a client address or port
 * ({@code ;2181} alone shows as {@code ;0.0.0.0:2181}); a member's clientPort from the static keys is
 * not shown. Members come in the order ZooKeeper's member map (a {@code java.util.HashMap} keyed by
 * id) yields them: by id for ids below its capacity. zabd has no dynamic configuration, so the
 * version is always 0, as for a ZooKeeper ensemble started from a static zoo.cfg.
 */
public final class QuorumConfigText {
    /** The version of a static configuration. */
    public static final long STATIC_VERSION = 0;

    private QuorumConfigText() {}

    public static String of(Map<Long, QuorumServer> servers, long version) {
        Map<Long, QuorumServer> hashOrder = new HashMap<>();
        hashOrder.putAll(new TreeMap<>(servers)); // ids inserted in ascending order, iterated in hash order
        StringBuilder sb = new StringBuilder();
        for (QuorumServer s : hashOrder.values()) {
            sb.append("server.").append(s.id()).append('=').append(line(s)).append('\n');
        }
        return sb.append("version=").append(Long.toHexString(version)).toString();
    }

    static String line(QuorumServer s) {
        StringBuilder sb = new StringBuilder();
        sb.append(host(s.quorumAddress())).append(':').append(s.quorumAddress().getPort()).append(':')
                .append(s.electionAddress().getPort()).append(':').append(s.observer() ? "observer" : "participant");
        if (s.clientAddress() != null) {
            sb.append(';').append(host(s.clientAddress())).append(':').append(s.clientAddress().getPort());
        }
        return sb.toString();
    }

    private static String host(InetSocketAddress a) {
        String h = a.getHostString();
        return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }
}
