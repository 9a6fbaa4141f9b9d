package io.zabd.engine.snapshot;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes a tree recorded since its previous capture, as it recorded them: the newest image of
 * every changed node by path, of every changed ACL entry by ref and of every changed session by id,
 * a null value meaning removed. The tree gives its maps away at capture (and starts new ones), so
 * nothing else writes them afterwards; {@link #toDelta()} turns them into a {@link SnapshotDelta}
 * on whichever thread calls it, normally the snapshot writer's.
 *
 * <p>The maps are handed over through the {@link SnapshotWriter}'s lock, which publishes them safely
 * to the writer thread.
 */
public final class RecordedChanges implements DeltaSource {
    private final long zxid;
    private final long digest;
    private final Map<String, NodeImage> nodes;
    private final Map<Long, List<Acl>> acls;
    private final Map<Long, Integer> sessions;

    /**
     * @param nodes path to the node's image after its last change, or to null if it was deleted
     * @param acls ACL ref to its list, or to null if the entry was removed
     * @param sessions session id to its timeout, or to null if the session was closed
     */
    public RecordedChanges(long zxid, long digest, Map<String, NodeImage> nodes, Map<Long, List<Acl>> acls,
            Map<Long, Integer> sessions) {
        this.zxid = zxid;
        this.digest = digest;
        this.nodes = nodes;
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
        return nodes.size() + acls.size() + sessions.size();
    }

    @Override
    public SnapshotDelta toDelta() {
        List<NodeImage> upserted = new ArrayList<>(nodes.size());
        List<String> deleted = new ArrayList<>();
        for (Map.Entry<String, NodeImage> e : nodes.entrySet()) {
            if (e.getValue() == null) {
                deleted.add(e.getKey());
            } else {
                upserted.add(e.getValue());
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
