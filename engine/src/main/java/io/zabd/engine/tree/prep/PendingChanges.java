package io.zabd.engine.tree.prep;

import io.zabd.engine.tree.NodeRecord;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * ZooKeeper's outstanding changes: the node records that prepared but not yet applied transactions
 * will produce, newest per path in a map, all in zxid order in a queue. A record with a null stat
 * is a pending delete. Records of a zxid are dropped once that zxid is applied.
 *
 * <p>Deliberate difference: a request that fails after adding records (a failing multi, a
 * closeSession that meets a missing parent) has every record it added undone, restoring exactly the
 * map entries it replaced. ZooKeeper restores only the entries of the multi's own op paths, so the
 * parent of a failed multi's create can fall back to the committed tree while an earlier pending
 * change to it is still outstanding.
 */
final class PendingChanges {
    /**
     * One pending record, and the map entry it replaced (for undo). A class, not a record: it is
     * compared by identity (a record's equals would walk the whole chain of replaced changes).
     */
    private static final class Change {
        final long zxid;
        final String path;
        final NodeRecord record;
        final Change replaced;

        Change(long zxid, String path, NodeRecord record, Change replaced) {
            this.zxid = zxid;
            this.path = path;
            this.record = record;
            this.replaced = replaced;
        }
    }

    private final Deque<Change> queue = new ArrayDeque<>();
    private final Map<String, Change> byPath = new HashMap<>();

    /** The newest pending record of {@code path}; null if none (then the tree is current). */
    NodeRecord get(String path) {
        Change c = byPath.get(path);
        return c == null ? null : c.record;
    }

    /** {@code record} is never null (a pending delete is a record without a stat). */
    void add(long zxid, String path, NodeRecord record) {
        Objects.requireNonNull(record, "record");
        Change c = new Change(zxid, path, record, byPath.get(path));
        queue.addLast(c);
        byPath.put(path, c);
    }

    /** Marks where a request starts adding records. */
    int mark() {
        return queue.size();
    }

    /** Undoes every record added since {@code mark}, newest first. */
    void rollback(int mark) {
        while (queue.size() > mark) {
            Change c = queue.removeLast();
            if (c.replaced == null) {
                byPath.remove(c.path);
            } else {
                byPath.put(c.path, c.replaced);
            }
        }
    }

    /** Drops the records of every zxid up to {@code zxid}, as ZooKeeper's FinalRequestProcessor does. */
    void applied(long zxid) {
        while (!queue.isEmpty() && queue.peekFirst().zxid <= zxid) {
            Change c = queue.removeFirst();
            byPath.remove(c.path, c); // only if still the newest (Change compares by identity)
        }
    }

    /** Every pending record in zxid order. */
    void forEach(BiConsumer<String, NodeRecord> action) {
        for (Iterator<Change> it = queue.iterator(); it.hasNext();) {
            Change c = it.next();
            action.accept(c.path, c.record);
        }
    }

    int size() {
        return queue.size();
    }
}
