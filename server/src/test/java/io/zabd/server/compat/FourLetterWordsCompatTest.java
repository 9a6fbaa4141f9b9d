package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.server.admin.FakeServerState;
import io.zabd.server.admin.FourLetterCommands;
import io.zabd.server.admin.MntrValues;
import io.zabd.server.client.proto.Response;
import io.zabd.server.config.FourLetterWhitelist;
import io.zabd.server.config.ServerConfig;
import io.zabd.server.config.ZooCfgParser;
import io.zabd.server.net.ClientTransport;
import io.zabd.server.net.RecordingSink;
import io.zabd.server.net.TransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: zabd's four-letter words have the structure of ZooKeeper 3.9.5's: for each word, the same
 * lines, keys and separators in the same order (values differ). ZooKeeper's replies are recorded from
 * a live in-process 3.9.5 with two sessions, data/child/exist watches and ephemerals; zabd's come over
 * the wire through ClientTransport from a FakeServerState of the same shape.
 */
class FourLetterWordsCompatTest {
    private static final List<String> WORDS = List.of("ruok", "srvr", "stat", "mntr", "conf", "cons", "wchs", "wchc",
            "wchp", "dirs", "isro", "dump", "envi", "gtmk", "hash", "crst", "srst");
    private static final byte[] X = "x".getBytes(StandardCharsets.UTF_8);

    @Test
    void everyWordHasZooKeepersStructure(@TempDir Path dir) throws Exception {
        Map<String, String> zookeeper = recordZooKeeper(dir.resolve("zk"));
        Map<String, String> zabd = recordZabd(dir.resolve("zabd"));
        for (String word : WORDS) {
            List<String> expected = shape(word, zookeeper.get(word));
            List<String> actual = shape(word, zabd.get(word));
            if (!expected.equals(actual)) {
                List<String> missing = new ArrayList<>(expected);
                missing.removeAll(actual);
                List<String> extra = new ArrayList<>(actual);
                extra.removeAll(expected);
                assertEquals(expected, actual, word + ": lines only in ZooKeeper's " + missing + ", only in zabd's " + extra);
            }
        }
    }

    /** Every target's mntr prints every key ZooKeeper's standalone mntr prints (what monitoring parses). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#all")
    void mntrHasEveryZooKeeperKey(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, new TargetOptions(false, true))) {
            List<String> keys = Arrays.stream(Clients.fourLetterWord(server.clientAddress(), "mntr").split("\n"))
                    .map(line -> line.substring(0, line.indexOf('\t'))).toList();
            for (String name : MntrValues.zooKeeperKeyNames()) {
                assertTrue(keys.contains("zk_" + name), server.name() + " lacks zk_" + name);
            }
            assertEquals(List.of("zk_version", "zk_server_state"), keys.subList(0, 2));
            assertEquals("imok", Clients.fourLetterWord(server.clientAddress(), "ruok"));
        }
    }

    /**
     * Goal: an ensemble member's mntr has the quorum keys ZooKeeper 3.9.5 prints in the same role:
     * for the leader and for a follower, the keys beyond standalone's (ZooKeeper's peer_state,
     * learners, synced_followers, pending_syncs, proposal sizes, ...) are the same set on both
     * systems. zabd's values are checked in EnsembleServerTest.
     */
    @Test
    void ensembleMntrHasZooKeepersQuorumKeysPerRole(@TempDir Path dir) throws Exception {
        Map<String, Map<String, String>> zk = mntrByRole(ZooKeeperEnsembleTarget::start, dir.resolve("zk"));
        Map<String, Map<String, String>> zabd = mntrByRole(ZabdEnsembleTarget::start, dir.resolve("zabd"));
        Map<String, java.util.Set<String>> expected = new java.util.TreeMap<>();
        Map<String, java.util.Set<String>> actual = new java.util.TreeMap<>();
        for (String role : List.of("leader", "follower")) {
            expected.put(role, quorumKeys(zk.get(role)));
            actual.put(role, quorumKeys(zabd.get(role)));
        }
        assertEquals(expected, actual);
    }

    /** mntr of every member by its zk_server_state, keys to values (one member per role). */
    private static Map<String, Map<String, String>> mntrByRole(TargetFactory factory, Path dir) throws Exception {
        Map<String, Map<String, String>> byRole = new java.util.TreeMap<>();
        try (TargetServer server = factory.start(dir, new TargetOptions(false, true));
                ZooKeeper zk = Clients.connect(server.connectString())) {
            zk.create("/p", new byte[100], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.setData("/p", new byte[10], -1);
            for (InetSocketAddress member : server.memberAddresses()) {
                Map<String, String> values = new java.util.TreeMap<>();
                for (String line : Clients.fourLetterWord(member, "mntr").split("\n")) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        values.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
                byRole.put(values.get("zk_server_state"), values);
            }
        }
        return byRole;
    }

    /**
     * A ZooKeeper leader's per-learner summaries of its LearnerHandler queues
     * ({@code zk_avg_<sid>_learner_handler_qp_size}, ...): zabd has no such queue and does not print them.
     */
    private static final java.util.regex.Pattern PER_LEARNER_SUMMARY =
            java.util.regex.Pattern.compile("zk_[a-z0-9]+_\\d+_learner_handler_qp_(size|time_ms)");

    /** The keys beyond ZooKeeper's standalone mntr (and its per-namespace and per-learner metrics). */
    private static java.util.Set<String> quorumKeys(Map<String, String> mntr) {
        java.util.Set<String> keys = new java.util.TreeSet<>(mntr.keySet());
        keys.removeIf(k -> k.contains("_per_namespace") || k.equals("zk_version") || k.equals("zk_server_state")
                || MntrValues.zooKeeperKeyNames().contains(k.substring("zk_".length()))
                || PER_LEARNER_SUMMARY.matcher(k).matches());
        return keys;
    }

    private static Map<String, String> recordZooKeeper(Path dir) throws Exception {
        Map<String, String> replies = new LinkedHashMap<>();
        try (TargetServer server = ZooKeeperTarget.start(dir, new TargetOptions(false, true));
                ZooKeeper zk0 = Clients.connect(server.connectString());
                ZooKeeper zk1 = Clients.connect(server.connectString())) {
            zk0.create("/a", X, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk0.create("/a/e", X, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk1.create("/b", X, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk0.getData("/a", true, null);
            zk1.getData("/a", true, null);
            zk1.getChildren("/a", true);
            zk0.exists("/b", true);
            for (String word : WORDS) {
                replies.put(word, Clients.fourLetterWord(server.clientAddress(), word));
            }
        }
        return replies;
    }

    private static Map<String, String> recordZabd(Path dir) throws Exception {
        Map<String, String> replies = new LinkedHashMap<>();
        ServerConfig config = ZooCfgParser.parseText("tickTime=2000\ndataDir=" + dir + "\nclientPort=2181\n");
        TransportConfig transportConfig = new TransportConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                0, 0, config.juteMaxBufferBytes(), FourLetterWhitelist.parse("*", new ArrayList<>()), 1);
        InetSocketAddress[] bound = new InetSocketAddress[1];
        try (RecordingSink sink = new RecordingSink((h, b) -> new RecordingSink.Reply(0, Response.Empty.INSTANCE));
                FourLetterCommands commands = new FourLetterCommands(new FakeServerState(), config,
                        () -> bound[0].getPort());
                ClientTransport transport = new ClientTransport(transportConfig, sink, commands)) {
            bound[0] = transport.start();
            for (String word : WORDS) {
                replies.put(word, Clients.fourLetterWord(bound[0], word));
            }
        }
        return replies;
    }

    /**
     * A reply reduced to its structure: mntr, conf and envi to their keys (mntr's after the first two
     * sorted: ZooKeeper prints its metrics in a hash order that changes between runs); other words with versions,
     * dates, hex and decimal numbers replaced by placeholders; connection lines and wchc/wchp blocks
     * (in a hash order in ZooKeeper) sorted; dump cut after "Connections dump:" (ZooKeeper's NIO factory lists
     * connection expiry sets there, its Netty factory and zabd list none).
     */
    static List<String> shape(String word, String reply) {
        List<String> lines = new ArrayList<>(Arrays.asList(reply.split("\n", -1)));
        switch (word) {
            case "mntr":
                List<String> keys = lines.stream().filter(l -> !l.isEmpty() && !l.contains("_per_namespace"))
                        .map(l -> l.substring(0, l.indexOf('\t'))).toList();
                List<String> shaped = new ArrayList<>(keys.subList(0, 2));
                shaped.addAll(keys.subList(2, keys.size()).stream().sorted().toList());
                return shaped;
            case "conf":
            case "envi":
                return lines.stream().map(l -> l.contains("=") ? l.substring(0, l.indexOf('=')) : l).toList();
            case "dump":
                lines = new ArrayList<>(lines.subList(0, lines.indexOf("Connections dump:") + 1));
                // ZooKeeper may list an empty expiry bucket right before the one holding the sessions
                // (sessions created across a tick boundary): keep one of consecutive bucket headers
                for (int i = lines.size() - 1; i > 0; i--) {
                    if (lines.get(i).contains(" expire at ") && lines.get(i - 1).contains(" expire at ")) {
                        lines.remove(i);
                    }
                }
                break;
            default:
                break;
        }
        List<String> shaped = new ArrayList<>();
        List<String> connections = new ArrayList<>();
        for (String line : lines) {
            String s = line.replaceFirst("^Zookeeper version: .*", "Zookeeper version: V")
                    .replaceAll("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} [A-Z]+ \\d{4}", "DATE")
                    .replaceAll("0x[0-9a-f]+", "0x#").replaceAll("\\d+(\\.\\d+)*", "#").replaceAll("lop=[A-Z]+", "lop=OP")
                    .replaceAll("^\t/.*", "\t/PATH");
            if (s.startsWith(" /")) {
                connections.add(s);
            } else {
                shaped.addAll(connections.stream().sorted().toList());
                connections.clear();
                shaped.add(s);
            }
        }
        shaped.addAll(connections.stream().sorted().toList());
        return word.equals("wchc") || word.equals("wchp") ? sortedBlocks(shaped) : shaped;
    }

    /** wchc/wchp: blocks of a header line and its tab-indented lines, sorted (ZooKeeper prints them in hash order). */
    private static List<String> sortedBlocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("\t") && !blocks.isEmpty()) {
                blocks.set(blocks.size() - 1, blocks.get(blocks.size() - 1) + "\n" + line);
            } else {
                blocks.add(line);
            }
        }
        return blocks.stream().sorted().toList();
    }
}
