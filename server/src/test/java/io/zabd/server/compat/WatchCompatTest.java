package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: one-shot watches fire once with the right type and path, a persistent recursive watch fires
 * for every change below it and never NodeChildrenChanged, on every target.
 */
class WatchCompatTest {
    private static WatchedEvent nextEvent(BlockingQueue<WatchedEvent> events) throws InterruptedException {
        WatchedEvent e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no watch event within 10 s");
        }
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void oneShotWatchesFireOnce(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                ZooKeeper zk = Clients.connect(server.connectString())) {
            BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
            assertNull(zk.exists("/w", events::add));
            zk.create("/w", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            WatchedEvent created = nextEvent(events);
            assertEquals(EventType.NodeCreated, created.getType());
            assertEquals("/w", created.getPath());

            zk.getData("/w", events::add, null);
            zk.getChildren("/w", events::add);
            zk.create("/w/c", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertEquals(EventType.NodeChildrenChanged, nextEvent(events).getType());
            zk.setData("/w", new byte[] {1}, -1);
            assertEquals(EventType.NodeDataChanged, nextEvent(events).getType());
            zk.setData("/w", new byte[] {2}, -1);
            zk.sync("/w");
            assertNull(events.poll(200, TimeUnit.MILLISECONDS), "a one-shot watch fires once");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void persistentRecursiveWatchSeesTheSubtree(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                ZooKeeper zk = Clients.connect(server.connectString())) {
            BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
            zk.addWatch("/r", events::add, AddWatchMode.PERSISTENT_RECURSIVE);
            zk.create("/r", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/r/a", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.setData("/r/a", new byte[] {1}, -1);
            zk.delete("/r/a", -1);
            List<String> seen = List.of(
                    describe(nextEvent(events)), describe(nextEvent(events)),
                    describe(nextEvent(events)), describe(nextEvent(events)));
            assertEquals(List.of("NodeCreated /r", "NodeCreated /r/a", "NodeDataChanged /r/a", "NodeDeleted /r/a"), seen);
        }
    }

    private static String describe(WatchedEvent e) {
        return e.getType() + " " + e.getPath();
    }
}
