package io.zabd.server.client.watch;

import io.zabd.engine.tree.WatchTrigger;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Every watch of the server, as ZooKeeper's DataTree keeps them: a data table (getData, exists,
 * persistent and persistent-recursive watches) and a child table (getChildren and persistent
 * watches). A persistent-recursive watch lives only in the data table, so it never sees
 * NodeChildrenChanged. Watchers are connections ({@code W}): a watch dies with its connection and a
 * reconnecting client re-registers with setWatches. Single-threaded: owned by the state-machine agent.
 */
public final class WatchManager<W> {
    private final WatchTable<W> data = new WatchTable<>();
    private final WatchTable<W> child = new WatchTable<>();

    /** getData / exists with watch: a one-shot data watch. */
    public void addDataWatch(String path, W watcher) {
        data.add(path, watcher, WatchMode.STANDARD);
    }

    /** getChildren with watch: a one-shot child watch. */
    public void addChildWatch(String path, W watcher) {
        child.add(path, watcher, WatchMode.STANDARD);
    }

    /** addWatch: persistent goes into both tables, persistent-recursive into the data table only. */
    public void addPersistentWatch(String path, W watcher, WatchMode mode) {
        data.add(path, watcher, mode);
        if (mode != WatchMode.PERSISTENT_RECURSIVE) {
            child.add(path, watcher, mode);
        }
    }

    /**
     * The watchers one trigger fires, one-shot watches consumed: NodeCreated and NodeDataChanged fire
     * the data table, NodeChildrenChanged the child table, NodeDeleted both (each watcher once).
     */
    public Set<W> fire(WatchTrigger trigger) {
        Set<W> out = new LinkedHashSet<>();
        switch (trigger.eventType()) {
            case WatchTrigger.NODE_CREATED, WatchTrigger.NODE_DATA_CHANGED -> data.trigger(trigger.path(), out);
            case WatchTrigger.NODE_CHILDREN_CHANGED -> child.trigger(trigger.path(), out);
            case WatchTrigger.NODE_DELETED -> {
                data.trigger(trigger.path(), out);
                child.trigger(trigger.path(), out);
            }
            default -> throw new IllegalArgumentException("unknown watch event type " + trigger.eventType());
        }
        return out;
    }

    /** checkWatches (ZooKeeper's DataTree.containsWatcher), by {@link WatcherType}. */
    public boolean contains(String path, int watcherType, W watcher) {
        return switch (watcherType) {
            case WatcherType.CHILDREN -> child.contains(path, watcher, WatchMode.STANDARD);
            case WatcherType.DATA -> data.contains(path, watcher, WatchMode.STANDARD);
            case WatcherType.PERSISTENT -> data.contains(path, watcher, WatchMode.PERSISTENT);
            case WatcherType.PERSISTENT_RECURSIVE -> data.contains(path, watcher, WatchMode.PERSISTENT_RECURSIVE);
            case WatcherType.ANY -> child.contains(path, watcher, null) || data.contains(path, watcher, null);
            default -> false;
        };
    }

    /** removeWatches (ZooKeeper's DataTree.removeWatch), by {@link WatcherType}; true if one was removed. */
    public boolean remove(String path, int watcherType, W watcher) {
        switch (watcherType) {
            case WatcherType.CHILDREN:
                return child.remove(path, watcher, WatchMode.STANDARD);
            case WatcherType.DATA:
                return data.remove(path, watcher, WatchMode.STANDARD);
            case WatcherType.PERSISTENT: {
                boolean c = child.remove(path, watcher, WatchMode.PERSISTENT);
                boolean d = data.remove(path, watcher, WatchMode.PERSISTENT);
                return c || d;
            }
            case WatcherType.PERSISTENT_RECURSIVE:
                return data.remove(path, watcher, WatchMode.PERSISTENT_RECURSIVE);
            case WatcherType.ANY: {
                boolean c = child.remove(path, watcher, null);
                boolean d = data.remove(path, watcher, null);
                return c || d;
            }
            default:
                return false;
        }
    }

    /** Drops every watch of a connection that closed. */
    public void removeWatcher(W watcher) {
        data.removeWatcher(watcher);
        child.removeWatcher(watcher);
    }

    /** True when no watch is registered; O(1) (per committed write). */
    public boolean isEmpty() {
        return data.isEmpty() && child.isEmpty();
    }

    /** Number of (path, watcher) pairs in both tables; O(watched paths). */
    public int watchCount() {
        return data.size() + child.size();
    }

    /** Paths a connection watches, for 4lw wchc. */
    public Set<String> pathsOf(W watcher) {
        Set<String> out = new java.util.TreeSet<>(data.pathsOf(watcher));
        out.addAll(child.pathsOf(watcher));
        return out;
    }
}
