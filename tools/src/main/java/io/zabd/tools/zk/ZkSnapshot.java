package io.zabd.tools.zk;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Apache ZooKeeper snapshot as read from disk. Paths use {@code "/"} for the root (the file
 * stores it as {@code ""}). Nodes are in file order, which puts every parent before its children.
 *
 * @param file where it was read from
 * @param zxid the zxid in the file name: the last transaction applied when the (fuzzy) snapshot
 *     started; replay resumes after it
 * @param dbid the header's dbid (ZooKeeper writes -1)
 * @param sessions session id to negotiated timeout in ms, in file order
 * @param acls the ACL table: reference to ACL list (reference -1, OPEN_ACL_UNSAFE, is implicit)
 * @param nodes every znode
 * @param digest the optional ZxidDigest section (absent in old files or with digest disabled)
 * @param lastProcessedZxid the optional 3.9+ lastProcessedZxid section: the server's last applied
 *     zxid when it finished writing the tree, so at or after {@code zxid} (seen ahead by one or more
 *     in real fuzzy snapshots); replay still starts after {@code zxid}
 */
public record ZkSnapshot(
        Path file,
        long zxid,
        long dbid,
        Map<Long, Integer> sessions,
        Map<Long, List<Acl>> acls,
        List<NodeImage> nodes,
        Optional<ZxidDigest> digest,
        OptionalLong lastProcessedZxid) {

    /**
     * ZooKeeper's {@code ZxidDigest{long zxid; int digestVersion; long digest}}: the tree digest the
     * server had reached at {@code zxid} when it finished writing the tree. Digest version 1 stored the
     * digest as a hex ustring; version 2 (3.6+) as a long. A zxid of 0 means "no digest recorded".
     */
    public record ZxidDigest(long zxid, int digestVersion, long digest) {}
}
