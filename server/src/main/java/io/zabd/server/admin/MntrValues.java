package io.zabd.server.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles mntr's values in ZooKeeper 3.9.5's key order: zk_version, zk_server_state, zk_peer_state
 * (quorum only), then every key of ZooKeeper's standalone mntr (the list in {@code mntr-keys.txt}),
 * then any further keys the server reports, in name order.
 */
public final class MntrValues {
    /** A key of ZooKeeper's mntr and whether its value prints as a double. */
    record Key(String name, boolean isDouble) {}

    static final List<Key> ZOOKEEPER_KEYS = loadKeys();

    private MntrValues() {}

    /** The key names (without zk_) of ZooKeeper 3.9.5's standalone mntr after zk_version and zk_server_state. */
    public static List<String> zooKeeperKeyNames() {
        return ZOOKEEPER_KEYS.stream().map(Key::name).toList();
    }

    static List<Map.Entry<String, Object>> assemble(ServerState state, long[] fileDescriptors) {
        ServerStats s = state.stats();
        List<Map.Entry<String, Object>> out = new ArrayList<>();
        out.add(new SimpleImmutableEntry<>("version", state.version()));
        out.add(new SimpleImmutableEntry<>("server_state", state.mode().zooKeeperName()));
        String peerState = state.peerState();
        if (peerState != null) {
            out.add(new SimpleImmutableEntry<>("peer_state", peerState));
        }
        Map<String, Object> gauges = gauges(s, fileDescriptors);
        Map<String, Number> metrics = new HashMap<>(state.metrics());
        for (Key key : ZOOKEEPER_KEYS) {
            Object value = gauges.get(key.name());
            Number metric = metrics.remove(key.name());
            if (value == null) {
                value = metric != null ? metric : key.isDouble() ? (Object) 0.0 : (Object) 0L;
            }
            out.add(new SimpleImmutableEntry<>(key.name(), value));
        }
        for (Map.Entry<String, Number> extra : new TreeMap<>(metrics).entrySet()) {
            out.add(new SimpleImmutableEntry<>(extra.getKey(), extra.getValue()));
        }
        return out;
    }

    private static Map<String, Object> gauges(ServerStats s, long[] fileDescriptors) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("ephemerals_count", s.ephemeralsCount());
        g.put("num_alive_connections", (long) s.aliveConnections());
        g.put("avg_latency", FourLetterFormat.round4(s.avgLatencyMs()));
        g.put("outstanding_requests", s.outstandingRequests());
        g.put("znode_count", s.nodeCount());
        g.put("global_sessions", s.globalSessions());
        g.put("last_client_response_size", s.lastClientResponseSize());
        g.put("packets_sent", s.packetsSent());
        g.put("packets_received", s.packetsReceived());
        g.put("max_client_response_size", s.maxClientResponseSize());
        g.put("watch_count", s.watchCount());
        g.put("auth_failed_count", s.authFailedCount());
        g.put("min_latency", s.minLatencyMs());
        g.put("max_latency", s.maxLatencyMs());
        g.put("max_file_descriptor_count", fileDescriptors[1]);
        g.put("open_file_descriptor_count", fileDescriptors[0]);
        g.put("approximate_data_size", s.approximateDataSize());
        g.put("uptime", s.uptimeMs());
        g.put("min_client_response_size", s.minClientResponseSize());
        return g;
    }

    private static List<Key> loadKeys() {
        List<Key> keys = new ArrayList<>();
        try (InputStream in = MntrValues.class.getResourceAsStream("mntr-keys.txt")) {
            if (in == null) {
                throw new IllegalStateException("mntr-keys.txt is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                if (parts.length != 2 || !(parts[1].equals("long") || parts[1].equals("double"))) {
                    throw new IllegalStateException("bad line in mntr-keys.txt: " + line);
                }
                keys.add(new Key(parts[0], parts[1].equals("double")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mntr-keys.txt", e);
        }
        return List.copyOf(keys);
    }
}
