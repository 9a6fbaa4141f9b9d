package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.AsyncCallback;
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
 * Crash test. Goal: zabd killed with SIGKILL under a write load from the official client loses no
 * acknowledged write (data and version), sessions within their timeout resume with their id after
 * the restart, and an ephemeral of a session that expires during the downtime is gone after expiry.
 */
class KillNineTest {
    private static final int CLIENTS = 3;
    private static final int IN_FLIGHT_PER_CLIENT = 50;
    /** Acknowledged creates to wait for before the kill (the load keeps going while it lands). */
    private static final int ACKS_BEFORE_KILL = 1000;
    private static final int LONG_TIMEOUT_MS = 30_000;
    private static final int SHORT_TIMEOUT_MS = 2 * ZooKeeperTarget.TICK_TIME_MS;
    private static final long DEADLINE_S = 60;

    /** Acknowledged creates (path to data) and, per counter node, the highest acknowledged version. */
    private final Map<String, byte[]> created = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch enoughAcks = new java.util.concurrent.CountDownLatch(ACKS_BEFORE_KILL);

    @Test
    void acknowledgedWritesSurviveSigkill(@TempDir Path dir) throws Exception {
        try (ProcessTarget server = ProcessTarget.start(dir, TargetOptions.DEFAULTS)) {
            List<ZooKeeper> clients = new ArrayList<>();
            List<BlockingQueue<WatchedEvent>> states = new ArrayList<>();
            try (ZooKeeper setup = Clients.connect(server.connectString())) {
                setup.create("/load", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                for (int c = 0; c < CLIENTS; c++) {
                    setup.create("/counter" + c, bytes("v0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                }
            }
            for (int c = 0; c < CLIENTS; c++) {
                BlockingQueue<WatchedEvent> q = new LinkedBlockingQueue<>();
                ZooKeeper zk = new ZooKeeper(server.connectString(), LONG_TIMEOUT_MS, q::add);
                awaitState(q, KeeperState.SyncConnected);
                zk.create("/eph" + c, null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                clients.add(zk);
                states.add(q);
            }
            PausableProxy proxy = new PausableProxy(server.clientAddress());
            BlockingQueue<WatchedEvent> shortStates = new LinkedBlockingQueue<>();
            ZooKeeper shortLived = new ZooKeeper(proxy.connectString(), SHORT_TIMEOUT_MS, shortStates::add);
            awaitState(shortStates, KeeperState.SyncConnected);
            shortLived.create("/short-eph", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            proxy.pause(); // this session never reaches the server again

            List<Long> sessionIds = new ArrayList<>();
            for (ZooKeeper zk : clients) {
                sessionIds.add(zk.getSessionId());
            }
            List<Thread> writers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(() -> load(clients.get(client), client), "load-" + c);
                t.start();
                writers.add(t);
            }
            assertTrue(enoughAcks.await(DEADLINE_S, TimeUnit.SECONDS), "the load got writes acknowledged");
            server.kill9(); // lands while every client has writes in flight
            for (Thread t : writers) {
                t.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));
            }
            assertTrue(created.size() > 10, "the load got writes acknowledged before the kill: " + created.size());

            System.out.println("KillNineTest: " + created.size() + " creates and " + versions
                    + " setData versions acknowledged before SIGKILL");
            server.restart();
            for (int c = 0; c < CLIENTS; c++) {
                awaitState(states.get(c), KeeperState.SyncConnected);
                assertEquals(sessionIds.get(c), clients.get(c).getSessionId(), "session resumed with its id");
                assertNotNull(clients.get(c).exists("/eph" + c, false), "a resumed session keeps its ephemeral");
            }
            verifyAcknowledged(clients.get(0));
            awaitGone(clients.get(0), "/short-eph");
            for (ZooKeeper zk : clients) {
                zk.close();
            }
            shortLived.close(100);
            proxy.close();
        }
    }

    /** Async creates and setData with at most IN_FLIGHT_PER_CLIENT outstanding, until the connection is lost. */
    private void load(ZooKeeper zk, int client) {
        Semaphore window = new Semaphore(IN_FLIGHT_PER_CLIENT);
        AtomicInteger failures = new AtomicInteger();
        String counter = "/counter" + client;
        for (int n = 0; failures.get() == 0; n++) {
            try {
                if (!window.tryAcquire(2, DEADLINE_S, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            String path = "/load/c" + client + "-" + n;
            byte[] data = bytes(path);
            zk.create(path, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (AsyncCallback.StringCallback) (rc, p, ctx, name) -> {
                if (rc == KeeperException.Code.OK.intValue()) {
                    created.put(name, data);
                    enoughAcks.countDown();
                } else {
                    failures.incrementAndGet();
                }
                window.release();
            }, null);
            zk.setData(counter, bytes("v" + (n + 1)), n, (rc, p, ctx, stat) -> {
                if (rc == KeeperException.Code.OK.intValue()) {
                    versions.merge(counter, stat.getVersion(), Math::max);
                } else {
                    failures.incrementAndGet();
                }
                window.release();
            }, null);
        }
    }

    private void verifyAcknowledged(ZooKeeper zk) throws Exception {
        for (Map.Entry<String, byte[]> e : created.entrySet()) {
            byte[] data = zk.getData(e.getKey(), false, null);
            assertArrayEquals(e.getValue(), data, "acknowledged create " + e.getKey());
        }
        for (Map.Entry<String, Integer> e : versions.entrySet()) {
            Stat stat = new Stat();
            byte[] data = zk.getData(e.getKey(), false, stat);
            assertTrue(stat.getVersion() >= e.getValue(), e.getKey() + " lost an acknowledged setData: version "
                    + stat.getVersion() + " < " + e.getValue());
            assertEquals("v" + stat.getVersion(), new String(data, StandardCharsets.UTF_8), "data of " + e.getKey());
        }
    }

    private static void awaitGone(ZooKeeper zk, String path) throws Exception {
        BlockingQueue<WatchedEvent> q = new LinkedBlockingQueue<>();
        if (zk.exists(path, q::add) == null) {
            return;
        }
        WatchedEvent e = q.poll(DEADLINE_S, TimeUnit.SECONDS);
        assertNotNull(e, path + " still there " + DEADLINE_S + " s after the restart");
        assertEquals(EventType.NodeDeleted, e.getType());
    }

    private static void awaitState(BlockingQueue<WatchedEvent> q, KeeperState state) throws InterruptedException {
        while (true) {
            WatchedEvent e = q.poll(DEADLINE_S, TimeUnit.SECONDS);
            assertNotNull(e, "no " + state + " within " + DEADLINE_S + " s");
            if (e.getType() == EventType.None && e.getState() == state) {
                return;
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
