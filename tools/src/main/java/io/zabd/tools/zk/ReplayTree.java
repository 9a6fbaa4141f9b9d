package io.zabd.tools.zk;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Txn;
import java.util.List;
import java.util.Map;

/**
 * What replaying a ZooKeeper txn log needs from a data tree: apply each txn the way ZooKeeper's
 * DataTree does during restore (a txn that no longer fits, e.g. creating a node a fuzzy snapshot
 * already holds, is tolerated as ZooKeeper tolerates it) and report the tree digest.
 *
 * <p>{@link SimpleReplayTree} is a small map-based implementation for the tools; the engine's data
 * tree can stand in for it once it exists.
 */
public interface ReplayTree {
    /** Applies one txn (its header zxid and time become the stats' zxids and times). */
    void apply(Txn txn);

    /** ZooKeeper's tree digest (see {@link ZkDigest}) of the current state. */
    long digest();

    /** Every node, keyed by path (root "/"). */
    Map<String, NodeImage> nodes();

    /** The ACL table restricted to references some node uses. */
    Map<Long, List<Acl>> acls();
}
