package io.zabd.engine.snapshot;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import java.util.List;

/**
 * Receives a whole stored snapshot on load, in this order: ACL entries, sessions, nodes (parents
 * before children: the store iterates in an order where a path's parent always comes first), then
 * {@link #end} with the snapshot's zxid and tree digest. The data tree implements it to rebuild itself.
 */
public interface SnapshotSink {
    void acl(long aclRef, List<Acl> acl);

    void session(long sessionId, int timeoutMs);

    void node(NodeImage node);

    void end(long lastZxid, long digest);
}
