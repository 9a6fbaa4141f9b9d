package io.zabd.tools.zk;

import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.tree.NodeDigest;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.TreeLoader;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Txn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link ReplayTree} backed by the engine's {@link DataTree}, so that importing a ZooKeeper data
 * directory applies its transactions with exactly the semantics zabd serves. The snapshot's nodes
 * are loaded through {@link DataTree#loader} (parents first, as ZooKeeper's snapshot order gives);
 * ZooKeeper's own digest ({@link ZkDigest}, which differs from zabd's) is kept alongside,
 * incrementally, from the change set {@link DataTree#captureDelta} reports after each txn, so the
 * replay can be checked against the digests ZooKeeper logged.
 */
public final class EngineReplayTree implements ReplayTree {
    private final DataTree tree;
    private final Map<String, Long> zkDigestByPath = new HashMap<>();
    private long zkDigest;

    public EngineReplayTree(List<NodeImage> snapshotNodes, Map<Long, List<Acl>> acls, boolean extendedTypesEnabled) {
        TreeLoader loader = DataTree.loader(extendedTypesEnabled);
        for (Map.Entry<Long, List<Acl>> e : new TreeMap<>(acls).entrySet()) {
            loader.acl(e.getKey(), e.getValue());
        }
        long digest = 0;
        for (NodeImage n : snapshotNodes) {
            loader.node(n);
            digest += NodeDigest.of(n.path(), n.data(), n.stat());
            track(n);
        }
        loader.end(0, digest);
        this.tree = loader.tree();
        tree.captureDelta(0, false); // start recording changes from the loaded state
    }

    /** A factory for {@link ZooKeeperDataDir#open}; {@code created} receives the tree it builds. */
    public static ZooKeeperDataDir.TreeFactory factory(boolean extendedTypesEnabled,
            java.util.function.Consumer<EngineReplayTree> created) {
        return (nodes, acls) -> {
            EngineReplayTree t = new EngineReplayTree(nodes, acls, extendedTypesEnabled);
            created.accept(t);
            return t;
        };
    }

    /** The engine tree holding the replayed state. */
    public DataTree tree() {
        return tree;
    }

    @Override
    public void apply(Txn txn) {
        tree.apply(txn);
        SnapshotDelta changes = tree.captureDelta(txn.zxid(), false);
        for (NodeImage n : changes.upsertedNodes()) {
            track(n);
        }
        for (String path : changes.deletedPaths()) {
            Long old = zkDigestByPath.remove(path);
            if (old != null) {
                zkDigest -= old;
            }
        }
    }

    private void track(NodeImage n) {
        long value = ZkDigest.node(n);
        Long old = zkDigestByPath.put(n.path(), value);
        zkDigest += value - (old == null ? 0 : old);
    }

    @Override
    public long digest() {
        return zkDigest;
    }

    @Override
    public Map<String, NodeImage> nodes() {
        Map<String, NodeImage> out = new TreeMap<>();
        for (NodeImage n : full().upsertedNodes()) {
            out.put(n.path(), n);
        }
        return out;
    }

    @Override
    public Map<Long, List<Acl>> acls() {
        return new TreeMap<>(full().upsertedAcls());
    }

    private SnapshotDelta full() {
        return tree.captureDelta(tree.lastProcessedZxid(), true);
    }
}
