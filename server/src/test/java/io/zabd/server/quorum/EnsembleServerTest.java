package io.zabd.server.quorum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.server.ZabdServer;
import io.zabd.server.config.ZooCfgParser;
import io.zabd.server.zab.ServerState;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three zabd servers (ZAB runtime + client state machine) in one JVM on loopback, used by the
 * official ZooKeeper client: writes through every member commit on all, replies follow the commit,
 * sync catches a follower up, sessions are global (ephemerals of a closed session vanish everywhere),
 * srvr/mntr report the roles.
 */
class EnsembleServerTest {
    @TempDir
    Path dir;
    private final List<ZabdServer> servers = new ArrayList<>();
    private final List<ZooKeeper> clients = new ArrayList<>();
    /** zoo.cfg lines added to every member's configuration by the next startEnsemble. */
    private String extraConfig = "";

    @AfterEach
    void stop() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close(2_000);
        }
        for (ZabdServer s : servers) {
            s.close();
        }
    }

    private void startEnsemble() throws Exception {
        startEnsemble(QuorumRuntimeConfig.defaults());
    }

    private void startEnsemble(QuorumRuntimeConfig quorumConfig) throws Exception {
        startEnsemble(quorumConfig, 0);
    }

    /** Three voters plus {@code observers} observers (the highest ids). */
    private void startEnsemble(QuorumRuntimeConfig quorumConfig, int observers) throws Exception {
        int size = 3 + observers;
        EnsembleDirs e = new EnsembleDirs(dir, size, observers, 100, 40, 20);
        for (int id = 1; id <= size; id++) {
            Files.writeString(e.config(id), "4lw.commands.whitelist=*\nminSessionTimeout=400\n" + extraConfig,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        for (int id = 1; id <= size; id++) {
            servers.add(ZabdServer.start(ZooCfgParser.parse(e.config(id)), quorumConfig));
        }
        await("a leader, two followers and the observers established", 30_000, () -> {
            int leaders = 0;
            int followers = 0;
            int observing = 0;
            for (ZabdServer s : servers) {
                RuntimeStatus q = s.quorumStatus();
                if (q != null && q.established()) {
                    leaders += q.state() == ServerState.LEADING ? 1 : 0;
                    followers += q.state() == ServerState.FOLLOWING ? 1 : 0;
                    observing += q.state() == ServerState.OBSERVING ? 1 : 0;
                }
            }
            return leaders == 1 && followers == 2 && observing == observers;
        });
    }

    private ZabdServer leader() {
        return servers.stream().filter(s -> s.quorumStatus().state() == ServerState.LEADING).findFirst().orElseThrow();
    }

    private ZooKeeper connect(ZabdServer s, int timeoutMs) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        InetSocketAddress a = s.clientAddress();
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + a.getPort(), timeoutMs, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        clients.add(zk);
        assertTrue(connected.await(20, TimeUnit.SECONDS), "connected to " + a);
        return zk;
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static void sync(ZooKeeper zk, String path) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        zk.sync(path, (rc, p, ctx) -> done.complete(rc), null);
        assertEquals(0, done.get(20, TimeUnit.SECONDS));
    }

    static String fourLetterWord(InetSocketAddress a, String word) throws Exception {
        try (Socket s = new Socket(a.getAddress(), a.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * A raw client: connects to {@code a} with a new session, creates an ephemeral {@code path} and
     * drops the socket without closeSession (a client that vanished). Returns the session id.
     */
    static long ephemeralThenVanish(InetSocketAddress a, String path, int timeoutMs) throws Exception {
        try (Socket s = new Socket(a.getAddress(), a.getPort())) {
            s.setSoTimeout(10_000);
            java.io.DataOutputStream out = new java.io.DataOutputStream(s.getOutputStream());
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            java.io.DataOutputStream w = new java.io.DataOutputStream(b);
            w.writeInt(0); // protocolVersion
            w.writeLong(0); // lastZxidSeen
            w.writeInt(timeoutMs);
            w.writeLong(0); // sessionId
            w.writeInt(16);
            w.write(new byte[16]);
            w.writeBoolean(false);
            out.writeInt(b.size());
            b.writeTo(out);
            out.flush();
            byte[] connectResponse = new byte[in.readInt()];
            in.readFully(connectResponse);
            long sessionId = java.nio.ByteBuffer.wrap(connectResponse, 8, 8).getLong();
            b.reset();
            w.writeInt(1); // xid
            w.writeInt(1); // create
            byte[] p = path.getBytes(StandardCharsets.UTF_8);
            w.writeInt(p.length);
            w.write(p);
            w.writeInt(0); // data
            w.writeInt(1); // one ACL: world:anyone ALL
            w.writeInt(ZooDefs.Perms.ALL);
            for (String part : new String[] {"world", "anyone"}) {
                w.writeInt(part.length());
                w.write(part.getBytes(StandardCharsets.US_ASCII));
            }
            w.writeInt(1); // EPHEMERAL
            out.writeInt(b.size());
            b.writeTo(out);
            out.flush();
            byte[] reply = new byte[in.readInt()];
            in.readFully(reply);
            assertEquals(0, java.nio.ByteBuffer.wrap(reply, 12, 4).getInt(), "create ephemeral answered OK");
            return sessionId;
        }
    }

    /**
     * Pipelined async writes from clients on the leader and on a follower, with the core allowing
     * only 4 uncommitted proposals: every write succeeds (none refused), each client's replies come
     * in its own order, and each client's sequential nodes are numbered in the order it sent them.
     */
    @Test
    void pipelinedWritesBeyondProposalsInFlightMaxKeepEachClientsOrder() throws Exception {
        startEnsemble(QuorumRuntimeConfig.defaults().withProposalsInFlightMax(4));
        ZabdServer leader = leader();
        ZabdServer follower = servers.stream().filter(s -> s != leader).findFirst().orElseThrow();
        List<ZooKeeper> zks = List.of(connect(leader, 4_000), connect(follower, 4_000));
        zks.get(0).create("/p", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        int n = 300;
        List<List<String>> replies = List.of(java.util.Collections.synchronizedList(new ArrayList<>()),
                java.util.Collections.synchronizedList(new ArrayList<>()));
        CountDownLatch done = new CountDownLatch(2 * n);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                List<String> mine = replies.get(c);
                zks.get(c).create("/p/c" + c + "-", Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                        ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL, (rc, path, ctx, name) -> {
                            mine.add(rc == 0 ? name + "=" + ctx : "rc" + rc);
                            done.countDown();
                        }, i);
            }
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "every async create answered");
        for (int c = 0; c < 2; c++) {
            List<String> mine = replies.get(c);
            assertEquals(n, mine.size());
            long lastSeq = -1;
            for (int i = 0; i < n; i++) {
                String r = mine.get(i);
                assertTrue(r.endsWith("=" + i), "client " + c + " reply " + i + " in order: " + r);
                long seq = Long.parseLong(r.substring(r.lastIndexOf('-') + 1, r.indexOf('=')));
                assertTrue(seq > lastSeq, "sequence numbers follow the client's order");
                lastSeq = seq;
            }
        }
        sync(zks.get(1), "/p");
        assertEquals(2 * n, zks.get(1).getChildren("/p", false).size());
    }

    /**
     * A sync through a follower is ZooKeeper's: it consumes no zxid (every create's czxid is the
     * next counter, with syncs pipelined among them), a read queued right after it sees every write
     * the leader acknowledged before the sync was sent, and the follower client's replies keep its
     * order. proposalsInFlightMax 4 makes syncs wait behind proposals on the leader. The members
     * have ZooKeeper's local-session keys on: sessions stay global (a follower's session owns an
     * ephemeral the leader sees).
     */
    @Test
    void syncThroughAFollowerConsumesNoZxidAndFollowsEarlierCommits() throws Exception {
        // a longer session than the class's 2 s cap: a loaded machine's pause must not drop the pipelined client
        extraConfig = "localSessionsEnabled=true\nlocalSessionsUpgradingEnabled=true\nmaxSessionTimeout=20000\n";
        startEnsemble(QuorumRuntimeConfig.defaults().withProposalsInFlightMax(4));
        ZabdServer leader = leader();
        ZabdServer follower = servers.stream().filter(s -> s != leader).findFirst().orElseThrow();
        ZooKeeper viaLeader = connect(leader, 20_000);
        ZooKeeper viaFollower = connect(follower, 20_000);
        org.apache.zookeeper.data.Stat first = new org.apache.zookeeper.data.Stat();
        viaFollower.create("/s", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, first);
        sync(viaFollower, "/s");
        org.apache.zookeeper.data.Stat second = new org.apache.zookeeper.data.Stat();
        viaFollower.create("/s2", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, second);
        assertEquals(first.getCzxid() + 1, second.getCzxid(), "the sync between them took no zxid");

        int rounds = 40;
        List<Long> czxids = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Set<String> leaderAcked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> missed = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(rounds * 5);
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < 2; k++) {
                String path = "/s/l" + i + "-" + k;
                viaLeader.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                        (rc, p, ctx, name, stat) -> {
                            if (rc == 0) {
                                leaderAcked.add(name.substring("/s/".length()));
                                czxids.add(stat.getCzxid());
                            }
                            done.countDown();
                        }, null);
            }
            int round = i;
            viaFollower.create("/s/f" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                    (rc, p, ctx, name, stat) -> {
                        order.add("create" + round + "=" + rc);
                        czxids.add(stat == null ? -1 : stat.getCzxid());
                        done.countDown();
                    }, null);
            java.util.Set<String> ackedBeforeSync = java.util.Set.copyOf(leaderAcked);
            viaFollower.sync("/s", (rc, p, ctx) -> {
                order.add("sync" + round + "=" + rc);
                done.countDown();
            }, null);
            viaFollower.getChildren("/s", false, (rc, p, ctx, children) -> {
                order.add("read" + round + "=" + rc);
                if (children == null || !children.containsAll(ackedBeforeSync)) {
                    missed.add("round " + round);
                }
                done.countDown();
            }, null);
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "every request answered");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            expected.addAll(List.of("create" + i + "=0", "sync" + i + "=0", "read" + i + "=0"));
        }
        assertEquals(expected, order, "the follower client's replies in its order");
        assertEquals(List.of(), missed, "a read after sync sees the writes acknowledged before the sync");
        List<Long> sorted = new ArrayList<>(czxids);
        java.util.Collections.sort(sorted);
        assertEquals(3 * rounds, sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            assertEquals(second.getCzxid() + 1 + i, sorted.get(i), "consecutive zxids: no sync took one");
        }
        assertTrue(fourLetterWord(leader.clientAddress(), "mntr").contains("zk_pending_syncs\t0"));

        viaFollower.create("/s/eph", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        sync(viaLeader, "/");
        assertEquals(viaFollower.getSessionId(), viaLeader.exists("/s/eph", false).getEphemeralOwner(),
                "a global session: its ephemeral is on the leader too");
    }

    /** NodeDeleted reaches a follower's watcher only if it may READ the deleted node (its ACL read before apply). */
    @Test
    void nodeDeletedIsFilteredByTheDeletedNodesAcl() throws Exception {
        startEnsemble();
        ZabdServer leader = leader();
        ZabdServer follower = servers.stream().filter(s -> s != leader).findFirst().orElseThrow();
        ZooKeeper owner = connect(leader, 4_000);
        owner.addAuthInfo("digest", "alice:secret".getBytes(StandardCharsets.UTF_8));
        owner.create("/secret", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        ZooKeeper allowed = connect(follower, 4_000);
        allowed.addAuthInfo("digest", "alice:secret".getBytes(StandardCharsets.UTF_8));
        ZooKeeper denied = connect(follower, 4_000);
        sync(allowed, "/");
        CountDownLatch allowedSaw = new CountDownLatch(1);
        CountDownLatch deniedSaw = new CountDownLatch(1);
        assertNotNull(allowed.exists("/secret", e -> allowedSaw.countDown()));
        assertNotNull(denied.exists("/secret", e -> deniedSaw.countDown()));
        owner.setACL("/secret", ZooDefs.Ids.CREATOR_ALL_ACL, -1); // fires no watch; only alice may read now
        owner.delete("/secret", -1);
        assertTrue(allowedSaw.await(10, TimeUnit.SECONDS), "the reader is told");
        sync(denied, "/"); // its notification, had there been one, precedes this reply
        assertEquals(1, deniedSaw.getCount(), "no NodeDeleted without READ on the deleted node");
    }

    /** An observer serves clients: its writes go through the leader, sync catches it up, srvr says observer. */
    @Test
    void observerForwardsWritesAndServesReads() throws Exception {
        startEnsemble(QuorumRuntimeConfig.defaults(), 1);
        ZabdServer observer = servers.get(3);
        assertTrue(fourLetterWord(observer.clientAddress(), "srvr").contains("Mode: observer"));
        ZooKeeper viaObserver = connect(observer, 4_000);
        ZooKeeper viaLeader = connect(leader(), 4_000);
        viaObserver.create("/o", "x".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), viaObserver.getData("/o", false, null));
        sync(viaLeader, "/");
        assertNotNull(viaLeader.exists("/o", false), "the observer's write committed through the leader");
        viaLeader.setData("/o", "y".getBytes(StandardCharsets.UTF_8), -1);
        sync(viaObserver, "/");
        assertArrayEquals("y".getBytes(StandardCharsets.UTF_8), viaObserver.getData("/o", false, null));

        // mntr's quorum gauges as ZooKeeper 3.9.5 prints them on a leader and on other members
        ZabdServer leader = leader();
        await("three synced learners", 10_000, () -> leader.quorumStatus().syncedFollowers().size() == 3);
        java.util.Map<String, String> m = mntr(leader);
        assertEquals("3", m.get("zk_learners"), m.toString());
        assertEquals("2", m.get("zk_synced_followers"));
        assertEquals("1", m.get("zk_synced_observers"));
        assertEquals("0", m.get("zk_synced_non_voting_followers"));
        assertEquals("0", m.get("zk_pending_syncs"));
        assertEquals("3", m.get("zk_quorum_size"), "voting members");
        long last = Long.parseLong(m.get("zk_last_proposal_size"));
        long min = Long.parseLong(m.get("zk_min_proposal_size"));
        long max = Long.parseLong(m.get("zk_max_proposal_size"));
        assertTrue(min > 0 && min <= last && last <= max, m.toString());
        assertTrue(Long.parseLong(m.get("zk_leader_uptime")) >= 0);
        assertNull(m.get("zk_followers"), "ZooKeeper 3.9 prints no zk_followers");
        assertTrue(Long.parseLong(m.get("zk_diff_count")) + Long.parseLong(m.get("zk_snap_count")) >= 3,
                "the leader counted the syncs it served its three learners: " + m);
        // /zookeeper/config lists the observer as ZooKeeper does, on every member alike
        String config = new String(viaObserver.getConfig(false, null), StandardCharsets.UTF_8);
        assertTrue(config.matches("(?s)server\\.1=127\\.0\\.0\\.1:\\d+:\\d+:participant\n.*"
                + "server\\.4=127\\.0\\.0\\.1:\\d+:\\d+:observer\nversion=0"), config);
        assertEquals(config, new String(viaLeader.getConfig(false, null), StandardCharsets.UTF_8));
        java.util.Map<String, String> o = mntr(observer);
        assertEquals("3", o.get("zk_quorum_size"), o.toString());
        assertNull(o.get("zk_learners"), "leader-only gauges only on the leader");
    }

    private static java.util.Map<String, String> mntr(ZabdServer s) throws Exception {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (String line : fourLetterWord(s.clientAddress(), "mntr").split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                out.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return out;
    }

    @Test
    void onlyTheLeaderExpiresSessionsAndEphemeralsGoEverywhere() throws Exception {
        startEnsemble();
        ZabdServer leader = leader();
        ZabdServer follower = servers.stream().filter(s -> s != leader).findFirst().orElseThrow();
        ZooKeeper watcher = connect(leader, 4_000);
        long before = System.nanoTime();
        ephemeralThenVanish(follower.clientAddress(), "/gone", 600);
        assertNotNull(watcher.exists("/gone", false));
        await("the vanished follower client's session expires at the leader", 20_000, () -> {
            try {
                return watcher.exists("/gone", false) == null;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        long ms = (System.nanoTime() - before) / 1_000_000;
        assertTrue(ms >= 500, "not expired before its timeout: " + ms + " ms");
        ZooKeeper onFollower = connect(follower, 4_000);
        sync(onFollower, "/");
        assertNull(onFollower.exists("/gone", false), "the ephemeral is gone on the follower too");
    }

    @Test
    void writesThroughEveryMemberCommitEverywhereAndSessionsAreGlobal() throws Exception {
        startEnsemble();
        ZabdServer leader = leader();
        assertTrue(fourLetterWord(leader.clientAddress(), "srvr").contains("Mode: leader"));
        String mntr = fourLetterWord(leader.clientAddress(), "mntr");
        assertTrue(mntr.contains("zk_server_state\tleader"), mntr);
        await("two synced followers", 10_000, () -> leader.quorumStatus().syncedFollowers().size() == 2);
        assertTrue(fourLetterWord(leader.clientAddress(), "mntr").contains("zk_synced_followers\t2"));
        for (ZabdServer s : servers) {
            if (s != leader) {
                assertTrue(fourLetterWord(s.clientAddress(), "srvr").contains("Mode: follower"));
                assertTrue(fourLetterWord(s.clientAddress(), "mntr").contains("zk_server_state\tfollower"));
            }
        }

        List<ZooKeeper> zks = new ArrayList<>();
        for (ZabdServer s : servers) {
            zks.add(connect(s, 4_000));
        }
        // writes through every member; each client's own write is visible to it at once (reply after apply)
        for (int mm = 0; mm < 3; mm++) {
            final int m = mm;
            ZooKeeper zk = zks.get(m);
            zk.create("/m" + m, ("v" + m).getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int i = 0; i < 20; i++) {
                zk.create("/m" + m + "/c", new byte[] {(byte) i}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
            }
            assertEquals(20, zk.getChildren("/m" + m, false).size(), "read-your-writes on member " + m);
            assertThrows(KeeperException.NodeExistsException.class, () -> zk.create("/m" + m, new byte[0],
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT), "prep on the leader sees every write");
            zk.setData("/m" + m, "w".getBytes(StandardCharsets.UTF_8), 0);
            assertThrows(KeeperException.BadVersionException.class, () -> zk.setData("/m" + m, new byte[0], 0));
        }
        // after sync, every member sees every write
        for (int m = 0; m < 3; m++) {
            ZooKeeper zk = zks.get(m);
            sync(zk, "/");
            for (int k = 0; k < 3; k++) {
                assertArrayEquals("w".getBytes(StandardCharsets.UTF_8), zk.getData("/m" + k, false, null));
                assertEquals(20, zk.getChildren("/m" + k, false).size());
            }
        }
        // a watch set on one member fires for a write made through another
        ZooKeeper follower = zks.get(servers.indexOf(leader) == 0 ? 1 : 0);
        CountDownLatch fired = new CountDownLatch(1);
        follower.exists("/watched", event -> fired.countDown());
        zks.get(servers.indexOf(leader)).create("/watched", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertTrue(fired.await(10, TimeUnit.SECONDS), "NodeCreated on the follower");

        // global sessions: an ephemeral made through a follower vanishes everywhere when its session closes
        ZooKeeper eph = connect(servers.get(servers.indexOf(leader) == 2 ? 1 : 2), 4_000);
        eph.create("/eph", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        // the session outlives several timeouts while connected to a follower (touches reach the leader)
        long until = System.currentTimeMillis() + 3 * eph.getSessionTimeout();
        await("three session timeouts pass", 20_000, () -> System.currentTimeMillis() > until);
        for (ZooKeeper zk : zks) {
            sync(zk, "/");
            assertNotNull(zk.exists("/eph", false), "the follower's session is still alive");
        }
        eph.close();
        clients.remove(eph);
        for (ZooKeeper zk : zks) {
            sync(zk, "/");
            assertNull(zk.exists("/eph", false), "the closed session's ephemeral is gone on every member");
        }
        await("equal digests", 10_000, () -> {
            long d = servers.get(0).quorumStatus().digest();
            long z = servers.get(0).quorumStatus().appliedZxid();
            return servers.stream().allMatch(s -> s.quorumStatus().digest() == d && s.quorumStatus().appliedZxid() == z);
        });
    }
}
