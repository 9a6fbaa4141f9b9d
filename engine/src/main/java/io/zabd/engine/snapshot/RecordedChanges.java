package io.zabd.engine.snapshot;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes a tree recorded since its previous capture, as it recorded them: the newest image of
 * every changed node (a null slot: the node was deleted after it changed), the paths deleted, and
 * every changed ACL entry by ref and changed session by id, a null value meaning removed. The tree
 * gives these away at capture (and starts new ones), so nothing else writes them afterwards;
 * {@link #toDelta()} turns them into a {@link SnapshotDelta} on whichever thread calls it, normally
 * the snapshot writer's.
 *
 * <p>They are handed over through the {@link SnapshotWriter}'s lock, which publishes them safely to
 * the writer thread.
 */
public final class RecordedChanges implements DeltaSource {
    private final long zxid;
    private final long digest;
    private final List<NodeImage> nodes;
    private final Set<String> deletedPaths;
    private final Map<Long, List<Acl>> acls;
    private final Map<Long, Integer> sessions;

    /**
     * @param nodes the image of each changed node after its last change, at most one per path that
     *     is not null; null where the node was deleted afterwards
     * @param deletedPaths paths whose node was deleted; a path with an image in {@code nodes} was
     *     created again after its deletion and is an upsert
     * @param acls ACL ref to its list, or to null if the entry was removed
     * @param sessions session id to its timeout, or to null if the session was closed
     */
    public RecordedChanges(long zxid, long digest, List<NodeImage> nodes, Set<String> deletedPaths,
            Map<Long, List<Acl>> acls, Map<Long, Integer> sessions) {
        this.zxid = zxid;
        this.digest = digest;
        this.nodes = nodes;
        this.deletedPaths = deletedPaths;
        this.acls = acls;
        this.sessions = sessions;
    }

    @Override
    public long zxid() {
        return zxid;
    }

    @Override
    public long digest() {
        return digest;
    }

    @Override
    public boolean full() {
        return false;
    }

    @Override
    public int changeCount() {
        // a node created and deleted again counts twice: its cleared slot and its path
        return nodes.size() + deletedPaths.size() + acls.size() + sessions.size();
    }

    @Override
    public SnapshotDelta toDelta() {
        List<NodeImage> upserted = new ArrayList<>(nodes.size());
        Set<String> recreated = deletedPaths.isEmpty() ? Set.of() : new HashSet<>();
        for (int i = 0, n = nodes.size(); i < n; i++) {
            NodeImage image = nodes.get(i);
            if (image != null) {
                upserted.add(image);
                if (deletedPaths.contains(image.path())) {
                    recreated.add(image.path());
                }
            }
        }
        List<String> deleted = new ArrayList<>(deletedPaths.size());
        for (String path : deletedPaths) {
            if (!recreated.contains(path)) {
                deleted.add(path);
            }
        }
        Map<Long, List<Acl>> upsertedAcls = new HashMap<>();
        List<Long> deletedAcls = new ArrayList<>();
        split(acls, upsertedAcls, deletedAcls);
        Map<Long, Integer> upsertedSessions = new HashMap<>();
        List<Long> deletedSessions = new ArrayList<>();
        split(sessions, upsertedSessions, deletedSessions);
        return new SnapshotDelta(zxid, digest, false, upserted, deleted, upsertedAcls, deletedAcls, upsertedSessions,
                deletedSessions);
    }

    private static <V> void split(Map<Long, V> changes, Map<Long, V> upserted, List<Long> deleted) {
        for (Map.Entry<Long, V> e : changes.entrySet()) {
            if (e.getValue() == null) {
                deleted.add(e.getKey());
            } else {
                upserted.put(e.getKey(), e.getValue());
            }
        }
    }
}
