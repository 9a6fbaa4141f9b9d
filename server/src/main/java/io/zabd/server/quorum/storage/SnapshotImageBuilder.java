package io.zabd.server.quorum.storage;

import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.snapshot.SnapshotSink;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a SNAP streamed by the leader (ACLs, sessions, nodes, end) into a full
 * {@link SnapshotDelta}, ready to replace the follower's snapshot store. Bounded: a stream of more
 * than {@code entriesMax} entries is refused.
 */
public final class SnapshotImageBuilder implements SnapshotSink {
    private final int entriesMax;
    private final List<NodeImage> nodes = new ArrayList<>();
    private final Map<Long, List<Acl>> acls = new HashMap<>();
    private final Map<Long, Integer> sessions = new HashMap<>();
    private long zxid = -1;
    private long digest;
    private boolean ended;

    public SnapshotImageBuilder(int entriesMax) {
        this.entriesMax = entriesMax;
    }

    private void count() {
        if (ended) {
            throw new IllegalStateException("snapshot entry after its end");
        }
        if (nodes.size() + acls.size() + sessions.size() >= entriesMax) {
            throw new IllegalStateException("snapshot stream larger than " + entriesMax + " entries (snapEntriesMax)");
        }
    }

    @Override
    public void acl(long aclRef, List<Acl> acl) {
        count();
        acls.put(aclRef, acl);
    }

    @Override
    public void session(long sessionId, int timeoutMs) {
        count();
        sessions.put(sessionId, timeoutMs);
    }

    @Override
    public void node(NodeImage node) {
        count();
        nodes.add(node);
    }

    @Override
    public void end(long lastZxid, long treeDigest) {
        if (ended) {
            throw new IllegalStateException("snapshot ended twice");
        }
        ended = true;
        zxid = lastZxid;
        digest = treeDigest;
    }

    public boolean ended() {
        return ended;
    }

    /** The full delta; only once {@link #ended()}. */
    public SnapshotDelta build() {
        if (!ended) {
            throw new IllegalStateException("snapshot stream not ended");
        }
        return new SnapshotDelta(zxid, digest, true, List.copyOf(nodes), List.of(), Map.copyOf(acls), List.of(),
                Map.copyOf(sessions), List.of());
    }
}
