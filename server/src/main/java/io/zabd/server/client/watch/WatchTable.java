package io.zabd.server.client.watch;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One table of watches (ZooKeeper has two: data and child): path to watcher to the modes it holds
 * there (a bit set of {@link WatchMode}), and the reverse index for removing a watcher's watches when
 * its connection closes. A one-shot (standard) mode is consumed when it fires; persistent modes stay.
 * Single-threaded.
 */
final class WatchTable<W> {
    private final Map<String, Map<W, Integer>> byPath = new HashMap<>();
    private final Map<W, Set<String>> byWatcher = new HashMap<>();
    private int recursiveCount;

    void add(String path, W watcher, WatchMode mode) {
        Map<W, Integer> watchers = byPath.computeIfAbsent(path, p -> new LinkedHashMap<>());
        int old = watchers.getOrDefault(watcher, 0);
        int now = old | mode.bit;
        if (old != now && mode == WatchMode.PERSISTENT_RECURSIVE) {
            recursiveCount++;
        }
        watchers.put(watcher, now);
        byWatcher.computeIfAbsent(watcher, w -> new LinkedHashSet<>()).add(path);
    }

    /** Modes {@code watcher} holds on {@code path} (0 for none). */
    int modes(String path, W watcher) {
        Map<W, Integer> watchers = byPath.get(path);
        return watchers == null ? 0 : watchers.getOrDefault(watcher, 0);
    }

    /** Whether {@code watcher} holds {@code mode} (any mode when null) on {@code path}. */
    boolean contains(String path, W watcher, WatchMode mode) {
        int m = modes(path, watcher);
        return mode == null ? m != 0 : (m & mode.bit) != 0;
    }

    /** Removes {@code mode} (every mode when null); true if something was removed. */
    boolean remove(String path, W watcher, WatchMode mode) {
        Map<W, Integer> watchers = byPath.get(path);
        if (watchers == null || !watchers.containsKey(watcher)) {
            return false;
        }
        int old = watchers.get(watcher);
        int now = mode == null ? 0 : old & ~mode.bit;
        if (old == now) {
            return false;
        }
        set(path, watcher, watchers, old, now);
        return true;
    }

    private void set(String path, W watcher, Map<W, Integer> watchers, int old, int now) {
        if ((old & WatchMode.PERSISTENT_RECURSIVE.bit) != 0 && (now & WatchMode.PERSISTENT_RECURSIVE.bit) == 0) {
            recursiveCount--;
        }
        if (now == 0) {
            watchers.remove(watcher);
            if (watchers.isEmpty()) {
                byPath.remove(path);
            }
            Set<String> paths = byWatcher.get(watcher);
            if (paths != null) {
                paths.remove(path);
                if (paths.isEmpty()) {
                    byWatcher.remove(watcher);
                }
            }
        } else {
            watchers.put(watcher, now);
        }
    }

    /**
     * The watchers a change at {@code path} fires (ZooKeeper's WatchManager.triggerWatch): every
     * watcher on the path itself (its one-shot mode consumed) and, walking up the ancestors, those
     * holding a persistent-recursive watch. Added to {@code out} in the order found.
     */
    void trigger(String path, Set<W> out) {
        Map<W, Integer> here = byPath.get(path);
        if (here != null) {
            for (Map.Entry<W, Integer> e : new java.util.ArrayList<>(here.entrySet())) {
                out.add(e.getKey());
                int old = e.getValue();
                int now = old & ~WatchMode.STANDARD.bit;
                if (now != old) {
                    set(path, e.getKey(), here, old, now);
                }
            }
        }
        if (recursiveCount == 0) {
            return;
        }
        String p = path;
        while (!"/".equals(p)) {
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "/" : p.substring(0, slash);
            Map<W, Integer> watchers = byPath.get(p);
            if (watchers != null) {
                for (Map.Entry<W, Integer> e : watchers.entrySet()) {
                    if ((e.getValue() & WatchMode.PERSISTENT_RECURSIVE.bit) != 0) {
                        out.add(e.getKey());
                    }
                }
            }
        }
    }

    /** Drops every watch of {@code watcher} (its connection closed). */
    void removeWatcher(W watcher) {
        Set<String> paths = byWatcher.remove(watcher);
        if (paths == null) {
            return;
        }
        for (String path : paths) {
            Map<W, Integer> watchers = byPath.get(path);
            if (watchers == null) {
                continue;
            }
            Integer modes = watchers.remove(watcher);
            if (modes != null && (modes & WatchMode.PERSISTENT_RECURSIVE.bit) != 0) {
                recursiveCount--;
            }
            if (watchers.isEmpty()) {
                byPath.remove(path);
            }
        }
    }

    /** Whether no watch is registered (constant time; empty entries are always removed). */
    boolean isEmpty() {
        return byPath.isEmpty();
    }

    /** Number of (path, watcher) pairs. */
    int size() {
        int n = 0;
        for (Map<W, Integer> m : byPath.values()) {
            n += m.size();
        }
        return n;
    }

    /** Paths watched by {@code watcher} (for 4lw wchc). */
    Set<String> pathsOf(W watcher) {
        Set<String> paths = byWatcher.get(watcher);
        return paths == null ? Set.of() : Set.copyOf(paths);
    }

    /** Watched paths (for 4lw wchp/wchs). */
    Set<String> paths() {
        return Set.copyOf(byPath.keySet());
    }
}
