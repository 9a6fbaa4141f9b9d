package io.zabd.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.server.config.ServerConfig;
import io.zabd.server.config.ZooCfgParser;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: what only zabd's own server shows (the in-process Apache ZooKeeper target runs no container
 * manager): containers and expired TTL nodes are deleted by the server through the pipeline; data and
 * sessions survive a clean restart; one session's pipelined reads see exactly its earlier writes;
 * a tiny globalOutstandingLimit slows clients down without losing a request.
 */
public class ZabdServerTest {
    private static final long DEADLINE_S = 30;

    /** A config on a free loopback port with the data under {@code dir}, plus extra zoo.cfg lines. */
    public static ServerConfig config(Path dir, String extra) throws Exception {
        ServerConfig c = ZooCfgParser.parseText("tickTime=2000\ndataDir=" + dir.toAbsolutePath() + "\nclientPort=2181\n"
                + "clientPortAddress=127.0.0.1\npreAllocSize=1024\n" + extra);
        return new ServerConfig(c.tickTimeMs(), c.dataDir(), c.dataLogDir(),
                new InetSocketAddress(c.clientAddress().getAddress(), 0), c.maxClientCnxns(), c.maxCnxns(),
                c.minSessionTimeoutMs(), c.maxSessionTimeoutMs(), c.globalOutstandingLimit(), c.preAllocSizeKb(),
                c.snapCount(), c.snapSizeLimitKb(), c.autopurgeSnapRetainCount(), c.autopurgePurgeIntervalHours(),
                c.forceSync(), c.juteMaxBufferBytes(), c.fourLetterWhitelist(), c.extendedTypesEnabled(),
                c.containerCheckIntervalMs(), c.superDigest(), c.auditEnabled(), c.initLimitTicks(), c.syncLimitTicks(),
                c.servers(), c.myid(), c.unknownKeys());
    }

    private static ZooKeeper connect(ZabdServer server, BlockingQueue<WatchedEvent> events) throws Exception {
        InetSocketAddress a = server.clientAddress();
        ZooKeeper zk = new ZooKeeper(a.getHostString() + ":" + a.getPort(), 20_000, events::add);
        while (true) {
            WatchedEvent e = events.poll(DEADLINE_S, TimeUnit.SECONDS);
            assertNotNull(e, "not connected");
            if (e.getState() == KeeperState.SyncConnected) {
                return zk;
            }
        }
    }

    private static void awaitDeleted(ZooKeeper zk, String path) throws Exception {
        BlockingQueue<WatchedEvent> q = new LinkedBlockingQueue<>();
        if (zk.exists(path, q::add) == null) {
            return;
        }
        WatchedEvent e = q.poll(DEADLINE_S, TimeUnit.SECONDS);
        assertNotNull(e, path + " was not deleted within " + DEADLINE_S + " s");
        assertEquals(EventType.NodeDeleted, e.getType());
    }

    @Test
    void emptyContainersAndExpiredTtlNodesAreDeleted(@TempDir Path dir) throws Exception {
        try (ZabdServer server = ZabdServer.start(config(dir,
                "extendedTypesEnabled=true\nznode.container.checkIntervalMs=100\n"));
                ZooKeeper zk = connect(server, new LinkedBlockingQueue<>())) {
            zk.create("/never-used", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
            zk.create("/box", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
            zk.create("/box/item", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/ttl", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, new Stat(), 200);
            zk.create("/ttl-long", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, new Stat(), 3_600_000);
            zk.delete("/box/item", -1);
            awaitDeleted(zk, "/box");
            awaitDeleted(zk, "/ttl");
            assertNotNull(zk.exists("/never-used", false), "a container that never had children stays");
            assertNotNull(zk.exists("/ttl-long", false), "a TTL node within its TTL stays");
        }
    }

    @Test
    void dataAndSessionsSurviveACleanRestart(@TempDir Path dir) throws Exception {
        ServerConfig cfg = config(dir, "");
        long sessionId;
        byte[] passwd;
        Stat before;
        try (ZabdServer server = ZabdServer.start(cfg)) {
            ZooKeeper zk = connect(server, new LinkedBlockingQueue<>());
            zk.create("/kept", "k".getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.setData("/kept", "k2".getBytes(StandardCharsets.UTF_8), 0);
            zk.create("/eph", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            before = zk.exists("/kept", false);
            sessionId = zk.getSessionId();
            passwd = zk.getSessionPasswd();
            // the client object is abandoned without closeSession: the session must outlive the server
        }
        try (ZabdServer server = ZabdServer.start(cfg)) {
            InetSocketAddress a = server.clientAddress();
            BlockingQueue<WatchedEvent> q = new LinkedBlockingQueue<>();
            ZooKeeper resumed = new ZooKeeper(a.getHostString() + ":" + a.getPort(), 20_000, q::add, sessionId, passwd);
            WatchedEvent e = q.poll(DEADLINE_S, TimeUnit.SECONDS);
            assertNotNull(e);
            assertEquals(KeeperState.SyncConnected, e.getState(), "the session resumes after the restart");
            assertEquals(sessionId, resumed.getSessionId());
            Stat after = new Stat();
            assertArrayEquals("k2".getBytes(StandardCharsets.UTF_8), resumed.getData("/kept", false, after));
            assertEquals(before, after);
            assertEquals(sessionId, resumed.exists("/eph", false).getEphemeralOwner());
            resumed.close();
            try (ZooKeeper other = connect(server, new LinkedBlockingQueue<>())) {
                assertNull(other.exists("/eph", false), "closing the resumed session deletes its ephemeral");
            }
        }
    }

    @Test
    void pipelinedReadsSeeExactlyTheSessionsEarlierWrites(@TempDir Path dir) throws Exception {
        try (ZabdServer server = ZabdServer.start(config(dir, ""));
                ZooKeeper zk = connect(server, new LinkedBlockingQueue<>())) {
            zk.create("/n", "0".getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            int rounds = 200;
            List<CompletableFuture<String>> reads = new ArrayList<>();
            for (int i = 1; i <= rounds; i++) {
                zk.setData("/n", String.valueOf(i).getBytes(StandardCharsets.UTF_8), -1, (rc, p, c, s) -> { }, null);
                CompletableFuture<String> read = new CompletableFuture<>();
                zk.getData("/n", false, (rc, p, c, data, s) -> read.complete(
                        rc == 0 ? new String(data, StandardCharsets.UTF_8) + "@" + s.getVersion() : "rc" + rc), null);
                reads.add(read);
            }
            for (int i = 1; i <= rounds; i++) {
                assertEquals(i + "@" + i, reads.get(i - 1).get(DEADLINE_S, TimeUnit.SECONDS),
                        "read " + i + " sees write " + i + " and no later one");
            }
        }
    }

    @Test
    void smallOutstandingLimitAnswersEveryRequest(@TempDir Path dir) throws Exception {
        try (ZabdServer server = ZabdServer.start(config(dir, "globalOutstandingLimit=2\n"));
                ZooKeeper a = connect(server, new LinkedBlockingQueue<>());
                ZooKeeper b = connect(server, new LinkedBlockingQueue<>())) {
            int perClient = 500;
            CountDownLatch done = new CountDownLatch(2 * perClient);
            List<Integer> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < perClient; i++) {
                for (ZooKeeper zk : List.of(a, b)) {
                    String path = "/bp-" + zk.getSessionId() + "-" + i;
                    zk.create(path, new byte[100], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, c, n) -> {
                        if (rc != 0) {
                            errors.add(rc);
                        }
                        done.countDown();
                    }, null);
                }
            }
            assertTrue(done.await(DEADLINE_S, TimeUnit.SECONDS), "every request answered");
            assertTrue(errors.isEmpty(), "no request failed: " + errors);
            assertTrue(server.query(v -> v.readPauses()).get(DEADLINE_S, TimeUnit.SECONDS) > 0,
                    "reading stopped at least once");
            assertEquals(2 * perClient, a.getChildren("/", false).stream().filter(n -> n.startsWith("bp-")).count(),
                    "every create applied");
        } catch (KeeperException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void queriesRunOnTheStateMachineThread(@TempDir Path dir) throws Exception {
        try (ZabdServer server = ZabdServer.start(config(dir, ""));
                ZooKeeper zk = connect(server, new LinkedBlockingQueue<>())) {
            zk.create("/q", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk.exists("/w", true);
            long sessionId = zk.getSessionId();
            String seen = server.query(v -> v.tree().getEphemerals(sessionId) + " sessions=" + v.sessionTimeouts().keySet()
                    + " connections=" + v.connections().size() + " watches=" + v.watches().watchCount()
                    + " outstanding=" + v.outstandingRequests()).get(DEADLINE_S, TimeUnit.SECONDS);
            assertEquals("[/q] sessions=[" + sessionId + "] connections=1 watches=1 outstanding=0", seen);
        }
    }

    @Test
    void committedOperationsReachTheAuditStream(@TempDir Path dir) throws Exception {
        long sessionId;
        try (ZabdServer server = ZabdServer.start(config(dir, "audit.enable=true\n"));
                ZooKeeper zk = connect(server, new LinkedBlockingQueue<>())) {
            zk.addAuthInfo("digest", "alice:pw".getBytes(StandardCharsets.UTF_8));
            zk.create("/audited", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            try {
                zk.delete("/missing", -1);
            } catch (KeeperException.NoNodeException expected) {
                // recorded with its result code
            }
            sessionId = zk.getSessionId();
        }
        List<String> seen = new ArrayList<>();
        try (var reader = io.zabd.server.admin.audit.AuditReader.open(dir.resolve("audit"),
                new io.zabd.server.admin.audit.AuditFilter(0, null, null, sessionId, null))) {
            for (var e : reader.read(100)) {
                seen.add(e.opName() + " " + e.path() + " " + e.resultCode() + " " + e.authIds().contains("digest:alice:"
                        + io.zabd.engine.tree.prep.Permissions.digestId("alice:pw").substring(6)));
            }
        }
        assertEquals(List.of("createSession null 0 false", "create /audited 0 true", "delete null -101 true",
                "closeSession null 0 true"), seen);
    }
}
