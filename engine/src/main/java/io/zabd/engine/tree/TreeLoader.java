package io.zabd.engine.tree;

import io.zabd.engine.snapshot.SnapshotSink;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Zxid;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a {@link DataTree} from a stored snapshot ({@link SnapshotSink} order: ACL entries,
 * sessions, nodes with parents first, end). At {@link #end} it rebuilds the derived indexes
 * (ephemerals, containers, TTLs, quota paths from the {@code zookeeper_limits} nodes present), drops
 * ACL entries no node uses, recomputes the digest and checks it against the stored one. Quota stats
 * nodes are taken as stored (ZooKeeper recounts them on load; our snapshots are not fuzzy, so the
 * stored counts are exact and recounting could only make replicas differ).
 */
public final class TreeLoader implements SnapshotSink {
    private final DataTree tree;
    private boolean ended;

    TreeLoader(DataTree tree) {
        this.tree = tree;
    }

    @Override
    public void acl(long aclRef, List<Acl> acl) {
        checkOpen();
        tree.acls.load(aclRef, acl);
    }

    @Override
    public void session(long sessionId, int timeoutMs) {
        checkOpen();
        tree.sessions.put(sessionId, timeoutMs);
    }

    @Override
    public void node(NodeImage node) {
        checkOpen();
        String path = node.path();
        if (!DataTree.ROOT.equals(path)) {
            DataNode parent = tree.nodes.get(DataTree.parentOf(path));
            if (parent == null) {
                throw new SnapshotLoadException("snapshot node " + path + " arrived before its parent "
                        + DataTree.parentOf(path));
            }
            if (tree.nodes.containsKey(path)) {
                throw new SnapshotLoadException("snapshot node " + path + " arrived twice");
            }
            parent.addChild(path); // the instance putNode keys the node by
        } else if (tree.nodes.containsKey(path)) {
            throw new SnapshotLoadException("snapshot root arrived twice");
        }
        tree.acls.loadUsage(node.aclRef());
        tree.putNode(path, new DataNode(node.data(), node.aclRef(), node.stat()));
        long owner = node.stat().ephemeralOwner();
        switch (EphemeralOwner.kind(owner, tree.extendedTypesEnabled)) {
            case CONTAINER -> tree.containers.add(path);
            case TTL -> tree.ttls.add(path);
            case NORMAL -> tree.ephemerals.computeIfAbsent(owner, k -> new java.util.TreeSet<>()).add(path);
            default -> { }
        }
        if (QuotaStats.LIMIT_NODE.equals(DataTree.childNameOf(path))) {
            String quotaPath = QuotaStats.quotaPathOf(DataTree.parentOf(path));
            if (quotaPath != null) {
                tree.quotaPaths.add(quotaPath);
            }
        }
    }

    /** Finishes the load; throws {@link SnapshotLoadException} if the rebuilt tree's digest differs from {@code digest}. */
    @Override
    public void end(long lastZxid, long digest) {
        checkOpen();
        ended = true;
        if (!tree.nodes.containsKey(DataTree.ROOT)) {
            throw new SnapshotLoadException("snapshot at zxid " + Zxid.toHex(lastZxid) + " has no root node");
        }
        tree.forgetChanges();
        tree.acls.purgeUnused(); // recorded as changes: the store drops the unused entries at the next snapshot
        long recomputed = tree.computeDigest();
        if (recomputed != tree.digest()) {
            throw new SnapshotLoadException("incremental and recomputed digests differ after load");
        }
        if (recomputed != digest) {
            throw new SnapshotLoadException("snapshot at zxid " + Zxid.toHex(lastZxid) + " is inconsistent: stored digest 0x"
                    + Long.toHexString(digest) + " but its " + tree.nodeCount() + " nodes digest to 0x"
                    + Long.toHexString(recomputed));
        }
        tree.lastProcessedZxid = lastZxid;
    }

    /** The rebuilt tree; only after {@link #end}. */
    public DataTree tree() {
        if (!ended) {
            throw new IllegalStateException("snapshot load has not ended");
        }
        return tree;
    }

    /** Sessions loaded so far (for diagnostics). */
    public Map<Long, Integer> sessions() {
        return tree.sessions();
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("snapshot load already ended");
        }
    }

    /** A stored snapshot that cannot be the state of a correct tree. */
    public static final class SnapshotLoadException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public SnapshotLoadException(String message) {
            super(message);
        }
    }
}
