package io.zabd.tools.zk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.Engine;
import io.zabd.engine.EngineConfig;
import io.zabd.engine.tree.NodeView;
import io.zabd.engine.tree.Stat;
import io.zabd.tools.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.zabd.server.ZabdServer;
import io.zabd.server.config.ServerConfig;
import io.zabd.server.config.ZooCfgParser;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.persistence.SnapStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal (acceptance of issue 6, item 4): a real Apache ZooKeeper 3.9.5 data directory (every create
 * mode, setData, deletes, multis, ACLs, sessions, rolled logs, fuzzy snapshots) imported with
 * {@code import zookeeper} opens in zabd's {@link Engine} with every path, data, Stat field, ACL and
 * session the official client saw, and a zabd server started on it serves the official client exactly
 * that tree; {@code export zookeeper} of that directory then loads in
 * ZooKeeper 3.9.5, which serves the same tree again through the official client.
 */
class ImportExportCommandTest {

    @Test
    void importThenExportRoundTripsThroughZooKeeper(@TempDir Path root) throws Exception {
        Produced p = Produced.run(root.resolve("zk"), SnapStream.StreamMode.SNAPPY);
        // the engine's tree, replaying the whole history from ZooKeeper's snapshot.0, reproduces every digest it logged
        List<Path> snapshots = ZkFiles.sortedByZxid(ZkFiles.versionDir(p.dataDir()), ZkFiles.SNAPSHOT_PREFIX, true);
        ZkState full = ZooKeeperDataDir.openFrom(snapshots.get(0), p.dataDir(), p.dataLogDir(), ZkLimits.DEFAULT,
                EngineReplayTree.factory(true, t -> { }));
        assertTrue(full.digestChecks() > 400, "digests compared: " + full.digestChecks());
        assertEquals(List.of(), full.digestMismatches());
        TreeAssertions.assertSameTree(p.expected(), full);

        Path zabd = root.resolve("zabd");
        Tools.Result imported = Tools.run("import", "zookeeper", "--data-dir", p.dataDir().toString(), "--data-log-dir",
                p.dataLogDir().toString(), "--out", zabd.toString(), "--extended-types");
        assertEquals(0, imported.exit(), imported.toString());
        java.util.regex.Matcher compared = java.util.regex.Pattern.compile("(\\d+) ZooKeeper digest\\(s\\) compared")
                .matcher(imported.out());
        assertTrue(compared.find() && Integer.parseInt(compared.group(1)) > 0, "digests ZooKeeper logged were checked: "
                + imported.out());
        assertTrue(Files.isDirectory(zabd.resolve("txnlog")), "empty log directory");

        EngineConfig config = EngineConfig.defaults(zabd, zabd).withExtendedTypesEnabled(true);
        long zxid;
        try (Engine engine = Engine.open(config)) {
            zxid = engine.lastZxid();
            assertEquals(0, engine.recovery().replayedTxns());
            assertEquals(p.expected().keySet().size(), engine.tree().nodeCount(), "same number of nodes");
            for (Map.Entry<String, Workload.Seen> e : p.expected().entrySet()) {
                NodeView n = engine.tree().getNode(e.getKey());
                assertNotNull(n, e.getKey());
                assertArrayEquals(e.getValue().data(), n.data(), "data of " + e.getKey());
                assertSameStat(e.getValue().stat(), n.stat(), e.getKey());
                assertEquals(TreeAssertions.ours(e.getValue().acl()), n.acl(), "acl of " + e.getKey());
            }
            assertEquals(Map.of(p.sessions().openA(), RealZooKeeper.SESSION_TIMEOUT_MS, p.sessions().openB(),
                    RealZooKeeper.SESSION_TIMEOUT_MS), engine.tree().sessions());
            assertEquals(List.of("/app/eph-a"), engine.tree().getEphemerals(p.sessions().openA()));
            assertEquals(zxid >>> 32, engine.snapshots().acceptedEpoch());
            assertEquals(zxid >>> 32, engine.snapshots().currentEpoch());
        }

        assertServedByZabd(zabd, p);

        Tools.Result refused = Tools.run("import", "zookeeper", "--data-dir", p.dataDir().toString(), "--data-log-dir",
                p.dataLogDir().toString(), "--out", zabd.toString());
        assertEquals(3, refused.exit(), "refuses a non-empty --out");

        Path back = root.resolve("back");
        Tools.Result exported = Tools.run("export", "zookeeper", "--data-dir", zabd.toString(), "--out",
                back.resolve("data").toString(), "--out-log-dir", back.resolve("datalog").toString(), "--extended-types");
        assertEquals(0, exported.exit(), exported.toString());

        Map<String, Workload.Seen> served;
        try (RealZooKeeper zk = RealZooKeeper.start(back.resolve("data"), back.resolve("datalog"),
                new RealZooKeeper.Settings(100_000, Produced.PRE_ALLOC_BYTES, SnapStream.StreamMode.CHECKED))) {
            assertEquals(List.of(), zk.digestMismatches, "ZooKeeper accepted the exported digest");
            assertTrue(zk.server().getZKDatabase().getDataTreeLastProcessedZxid() >= zxid);
            assertEquals(Set.of(p.sessions().openA(), p.sessions().openB()),
                    Set.copyOf(zk.server().getZKDatabase().getSessions()));
            try (ZooKeeper c = zk.client()) {
                c.addAuthInfo("digest", Workload.bytes("alice:secret"));
                served = Workload.capture(c);
            }
        }
        assertEquals(p.expected().keySet(), served.keySet());
        for (Map.Entry<String, Workload.Seen> e : p.expected().entrySet()) {
            Workload.Seen s = served.get(e.getKey());
            assertArrayEquals(e.getValue().data(), s.data(), e.getKey());
            assertEquals(e.getValue().stat(), s.stat(), "stat of " + e.getKey());
            assertEquals(e.getValue().acl(), s.acl(), "acl of " + e.getKey());
        }
    }

    /** The imported directory, served by a zabd server, gives the official client the tree ZooKeeper gave it. */
    private static void assertServedByZabd(Path zabd, Produced p) throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ServerConfig config = ZooCfgParser.parseText("tickTime=2000\ndataDir=" + zabd + "\nclientPort=" + port + "\n"
                + "clientPortAddress=127.0.0.1\nextendedTypesEnabled=true\n");
        Map<String, Workload.Seen> served;
        try (ZabdServer server = ZabdServer.start(config)) {
            String connect = "127.0.0.1:" + server.clientAddress().getPort();
            CountDownLatch connected = new CountDownLatch(1);
            try (ZooKeeper c = new ZooKeeper(connect, 30_000, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            })) {
                assertTrue(connected.await(30, TimeUnit.SECONDS), "connected to zabd on " + connect);
                c.addAuthInfo("digest", Workload.bytes("alice:secret"));
                served = Workload.capture(c);
            }
        }
        assertEquals(p.expected().keySet(), served.keySet(), "zabd serves the same paths");
        for (Map.Entry<String, Workload.Seen> e : p.expected().entrySet()) {
            Workload.Seen s = served.get(e.getKey());
            assertArrayEquals(e.getValue().data(), s.data(), "zabd data of " + e.getKey());
            assertEquals(e.getValue().stat(), s.stat(), "zabd stat of " + e.getKey());
            assertEquals(e.getValue().acl(), s.acl(), "zabd acl of " + e.getKey());
        }
    }

    private static void assertSameStat(org.apache.zookeeper.data.Stat zk, Stat ours, String path) {
        Stat expected = new Stat(zk.getCzxid(), zk.getMzxid(), zk.getCtime(), zk.getMtime(), zk.getVersion(),
                zk.getCversion(), zk.getAversion(), zk.getEphemeralOwner(), zk.getDataLength(), zk.getNumChildren(),
                zk.getPzxid());
        assertEquals(expected, ours, "stat of " + path);
    }
}
