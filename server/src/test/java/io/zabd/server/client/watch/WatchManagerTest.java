package io.zabd.server.client.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.tree.WatchTrigger;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Goal: the watch tables fire and consume as ZooKeeper's data and child WatchManagers do. */
class WatchManagerTest {
    private static WatchTrigger t(int type, String path) {
        return new WatchTrigger(type, path);
    }

    @Test
    void oneShotWatchesFireOnce() {
        WatchManager<String> m = new WatchManager<>();
        m.addDataWatch("/a", "w1");
        m.addChildWatch("/a", "w2");
        assertEquals(Set.of("w1"), m.fire(t(WatchTrigger.NODE_DATA_CHANGED, "/a")));
        assertEquals(Set.of(), m.fire(t(WatchTrigger.NODE_DATA_CHANGED, "/a")));
        assertEquals(Set.of("w2"), m.fire(t(WatchTrigger.NODE_DELETED, "/a")), "delete fires child watches of the path");
        assertEquals(0, m.watchCount());
    }

    @Test
    void recursiveWatchesSeeDescendantsButNoChildEvents() {
        WatchManager<String> m = new WatchManager<>();
        m.addPersistentWatch("/r", "rec", WatchMode.PERSISTENT_RECURSIVE);
        m.addPersistentWatch("/r", "per", WatchMode.PERSISTENT);
        assertEquals(Set.of("rec"), m.fire(t(WatchTrigger.NODE_CREATED, "/r/a/b")));
        assertEquals(Set.of("per"), m.fire(t(WatchTrigger.NODE_CHILDREN_CHANGED, "/r")));
        assertEquals(Set.of("rec", "per"), m.fire(t(WatchTrigger.NODE_DATA_CHANGED, "/r")));
        assertEquals(Set.of("rec", "per"), m.fire(t(WatchTrigger.NODE_DATA_CHANGED, "/r")), "persistent stays");
    }

    @Test
    void checkRemoveAndConnectionClose() {
        WatchManager<String> m = new WatchManager<>();
        m.addDataWatch("/a", "w");
        m.addPersistentWatch("/a", "w", WatchMode.PERSISTENT);
        assertTrue(m.contains("/a", WatcherType.DATA, "w"));
        assertTrue(m.contains("/a", WatcherType.PERSISTENT, "w"));
        assertFalse(m.contains("/a", WatcherType.PERSISTENT_RECURSIVE, "w"));
        assertTrue(m.remove("/a", WatcherType.DATA, "w"));
        assertFalse(m.remove("/a", WatcherType.DATA, "w"));
        assertTrue(m.contains("/a", WatcherType.ANY, "w"));
        m.removeWatcher("w");
        assertFalse(m.contains("/a", WatcherType.ANY, "w"));
        assertEquals(0, m.watchCount());
    }
}
