package io.zabd.tools.zk;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The latest consistent state of an Apache ZooKeeper data directory: its newest readable snapshot
 * with the txn logs replayed on top.
 *
 * @param snapshotFile the snapshot that was loaded
 * @param snapshotZxid the zxid in its name
 * @param lastZxid the zxid of the last replayed txn (the snapshot zxid when none)
 * @param nodes every znode by path (root "/"), sorted
 * @param acls the ACL table entries the nodes use
 * @param sessions live sessions: id to timeout in ms
 * @param digest ZooKeeper's tree digest of {@code nodes}
 * @param txnsReplayed how many txns were applied after the snapshot
 * @param digestChecks how many digests recorded by ZooKeeper (in the snapshot or a txn) were compared
 * @param digestMismatches the comparisons that failed (empty when the replay matches ZooKeeper's)
 * @param partialTails log files that ended in a partial transaction
 * @param skippedSnapshots newer snapshots that could not be read, each with the reason
 * @param acceptedEpoch from {@code version-2/acceptedEpoch}, if present
 * @param currentEpoch from {@code version-2/currentEpoch}, if present
 * @param myid from {@code myid}, if present
 */
public record ZkState(
        Path snapshotFile,
        long snapshotZxid,
        long lastZxid,
        Map<String, NodeImage> nodes,
        Map<Long, List<Acl>> acls,
        Map<Long, Integer> sessions,
        long digest,
        long txnsReplayed,
        int digestChecks,
        List<DigestMismatch> digestMismatches,
        List<ZkTxnLogs.PartialTail> partialTails,
        List<String> skippedSnapshots,
        OptionalLong acceptedEpoch,
        OptionalLong currentEpoch,
        OptionalLong myid) {

    /** A digest ZooKeeper recorded at {@code zxid} that the replayed tree did not reproduce. */
    public record DigestMismatch(long zxid, long recorded, long replayed) {}

    /** The ACL list of a node (reference -1 is OPEN_ACL_UNSAFE). */
    public List<Acl> aclOf(NodeImage node) {
        if (node.aclRef() == -1) {
            return Acl.OPEN_ACL_UNSAFE;
        }
        List<Acl> acl = acls.get(node.aclRef());
        if (acl == null) {
            throw new IllegalStateException("node " + node.path() + " uses unknown acl ref " + node.aclRef());
        }
        return acl;
    }
}
