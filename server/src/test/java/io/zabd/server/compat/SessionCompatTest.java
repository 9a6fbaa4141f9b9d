package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: sessions behave alike on every target: timeouts are negotiated into [2, 20] ticks, a session
 * resumes on a new connection with its id and password (ephemerals kept), a wrong password or an
 * expired session is reported Expired, expiry deletes the ephemerals, and a reconnecting client's
 * watches fire for what changed while it was away (setWatches).
 */
class SessionCompatTest {
    private static final long DEADLINE_S = 30;
    private static final int MIN_TIMEOUT_MS = 2 * ZooKeeperTarget.TICK_TIME_MS;
    private static final int MAX_TIMEOUT_MS = 20 * ZooKeeperTarget.TICK_TIME_MS;

    private static WatchedEvent next(BlockingQueue<WatchedEvent> q, String what) throws InterruptedException {
        WatchedEvent e = q.poll(DEADLINE_S, TimeUnit.SECONDS);
        assertNotNull(e, "no event within " + DEADLINE_S + " s while waiting for " + what);
        return e;
    }

    private static void awaitState(BlockingQueue<WatchedEvent> q, KeeperState state) throws InterruptedException {
        while (true) {
            WatchedEvent e = next(q, state.toString());
            if (e.getType() == EventType.None && e.getState() == state) {
                return;
            }
        }
    }

    private static ZooKeeper connect(String where, int timeoutMs, BlockingQueue<WatchedEvent> events) throws Exception {
        ZooKeeper zk = new ZooKeeper(where, timeoutMs, events::add);
        awaitState(events, KeeperState.SyncConnected);
        return zk;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void timeoutsAreClampedToTickBounds(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS)) {
            BlockingQueue<WatchedEvent> q = new LinkedBlockingQueue<>();
            ZooKeeper low = connect(server.connectString(), 100, q);
            ZooKeeper high = connect(server.connectString(), 10 * MAX_TIMEOUT_MS, q);
            ZooKeeper mid = connect(server.connectString(), 7_000, q);
            try {
                assertEquals(MIN_TIMEOUT_MS, low.getSessionTimeout());
                assertEquals(MAX_TIMEOUT_MS, high.getSessionTimeout());
                assertEquals(7_000, mid.getSessionTimeout());
                assertTrue(low.getSessionId() != high.getSessionId());
            } finally {
                low.close();
                high.close();
                mid.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void sessionResumesOnAnotherConnection(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                PausableProxy proxy = new PausableProxy(server.clientAddress())) {
            BlockingQueue<WatchedEvent> first = new LinkedBlockingQueue<>();
            ZooKeeper zk1 = connect(proxy.connectString(), 10_000, first);
            long id = zk1.getSessionId();
            zk1.create("/eph", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            proxy.pause();
            awaitState(first, KeeperState.Disconnected);

            BlockingQueue<WatchedEvent> second = new LinkedBlockingQueue<>();
            ZooKeeper zk2 = new ZooKeeper(server.connectString(), 10_000, second::add, id, zk1.getSessionPasswd());
            awaitState(second, KeeperState.SyncConnected);
            try {
                assertEquals(id, zk2.getSessionId(), "the same session on a new connection");
                Stat stat = zk2.exists("/eph", false);
                assertNotNull(stat, "the ephemeral survives the move");
                assertEquals(id, stat.getEphemeralOwner());
                assertEquals(List.of("/eph"), zk2.getEphemerals());
                zk2.create("/eph2", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            } finally {
                zk2.close();
                zk1.close(1000);
            }
            try (ZooKeeper observer = Clients.connect(server.connectString())) {
                assertNull(observer.exists("/eph", false), "closing the session deletes its ephemerals");
                assertNull(observer.exists("/eph2", false));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void wrongPasswordIsExpired(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                ZooKeeper owner = Clients.connect(server.connectString())) {
            byte[] wrong = owner.getSessionPasswd().clone();
            wrong[0] ^= 1;
            BlockingQueue<WatchedEvent> q = new LinkedBlockingQueue<>();
            ZooKeeper thief = new ZooKeeper(server.connectString(), 10_000, q::add, owner.getSessionId(), wrong);
            try {
                awaitState(q, KeeperState.Expired);
            } finally {
                thief.close();
            }
            // ZooKeeper closes the owner's connection before it checks the password (the owner then
            // reconnects); zabd checks first and leaves the owner alone. Either way the session lives on.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
            Stat root = null;
            while (root == null) {
                try {
                    root = owner.exists("/", false);
                } catch (org.apache.zookeeper.KeeperException.ConnectionLossException e) {
                    assertTrue(System.nanoTime() < deadline, "the owner did not get its session back");
                    new Transcript().settle(owner);
                }
            }
            Stat mine = new Stat();
            owner.create("/mine", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, mine);
            assertEquals(owner.getSessionId(), mine.getEphemeralOwner(), "the session is still the owner's");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void expiryDeletesEphemeralsAndClientSeesExpired(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                PausableProxy proxy = new PausableProxy(server.clientAddress());
                ZooKeeper observer = Clients.connect(server.connectString())) {
            BlockingQueue<WatchedEvent> q = new LinkedBlockingQueue<>();
            ZooKeeper zk = connect(proxy.connectString(), MIN_TIMEOUT_MS, q);
            try {
                zk.create("/eph", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                BlockingQueue<WatchedEvent> deleted = new LinkedBlockingQueue<>();
                assertNotNull(observer.exists("/eph", deleted::add));
                proxy.pause();
                WatchedEvent gone = next(deleted, "the ephemeral's deletion");
                assertEquals(EventType.NodeDeleted, gone.getType());
                proxy.resume();
                awaitState(q, KeeperState.Expired);
            } finally {
                zk.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void setWatchesOnReconnectFiresWhatChanged(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                PausableProxy proxy = new PausableProxy(server.clientAddress());
                ZooKeeper other = Clients.connect(server.connectString())) {
            for (String p : new String[] {"/d", "/c", "/del", "/same", "/p"}) {
                other.create(p, new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            BlockingQueue<WatchedEvent> state = new LinkedBlockingQueue<>();
            ZooKeeper zk = connect(proxy.connectString(), 20_000, state);
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            Watcher w = e -> {
                if (e.getType() != EventType.None) {
                    events.add(e.getType() + " " + e.getPath());
                }
            };
            try {
                zk.getData("/d", w, null);
                zk.getChildren("/c", w);
                zk.exists("/x", w);
                zk.getData("/del", w, null);
                zk.getData("/same", w, null);
                zk.addWatch("/p", w, AddWatchMode.PERSISTENT);
                proxy.pause();
                awaitState(state, KeeperState.Disconnected);
                other.setData("/d", new byte[] {1}, -1);
                other.create("/c/k", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                other.create("/x", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                other.delete("/del", -1);
                proxy.resume();
                awaitState(state, KeeperState.SyncConnected);
                new Transcript().settle(zk);
                List<String> seen = new ArrayList<>(events);
                Collections.sort(seen);
                assertEquals(List.of("NodeChildrenChanged /c", "NodeCreated /x", "NodeDataChanged /d",
                        "NodeDeleted /del"), seen, "what changed while away fires once on reconnect");
                events.clear();
                other.setData("/same", new byte[] {2}, -1);
                other.setData("/p", new byte[] {3}, -1);
                new Transcript().settle(other);
                new Transcript().settle(zk);
                seen = new ArrayList<>(events);
                Collections.sort(seen);
                assertEquals(List.of("NodeDataChanged /p", "NodeDataChanged /same"), seen,
                        "unchanged and persistent watches were registered again");
            } finally {
                zk.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void unknownAuthSchemeFailsTheConnection(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS)) {
            BlockingQueue<WatchedEvent> q = new LinkedBlockingQueue<>();
            ZooKeeper zk = connect(server.connectString(), 10_000, q);
            try {
                zk.addAuthInfo("nosuchscheme", "x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                awaitState(q, KeeperState.AuthFailed);
            } finally {
                zk.close();
            }
        }
    }
}
