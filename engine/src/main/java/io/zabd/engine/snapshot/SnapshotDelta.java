package io.zabd.engine.snapshot;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import java.util.List;
import java.util.Map;

/**
 * A point-in-time change set of the tree, captured by the apply stage after applying the txn with
 * zxid {@code zxid}: every node, ACL table entry and session that changed (or was removed) since the
 * previous capture. Written to the snapshot store in one atomic batch together with
 * {@code meta.lastZxid = zxid} and {@code meta.digest = digest}. A {@code full} delta replaces
 * everything the store held (first snapshot, or a SNAP received from a leader).
 *
 * <p>The images share immutable data arrays and stats with the live tree. A delta of changes is
 * built from the tree's {@link RecordedChanges} on the snapshot writer's thread; a {@code full} one
 * is built on the apply thread (it walks the whole tree).
 */
public record SnapshotDelta(
        long zxid,
        long digest,
        boolean full,
        List<NodeImage> upsertedNodes,
        List<String> deletedPaths,
        Map<Long, List<Acl>> upsertedAcls,
        List<Long> deletedAcls,
        Map<Long, Integer> upsertedSessions,
        List<Long> deletedSessions) implements DeltaSource {

    @Override
    public SnapshotDelta toDelta() {
        return this;
    }

    @Override
    public int changeCount() {
        return upsertedNodes.size() + deletedPaths.size() + upsertedAcls.size() + deletedAcls.size()
                + upsertedSessions.size() + deletedSessions.size();
    }
}
