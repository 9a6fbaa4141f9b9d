package io.zabd.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sink that rebuilds a {@link SnapshotModel} and checks the stream's contract as it goes: ACLs,
 * then sessions, then nodes with every parent before its children, then exactly one end.
 */
final class RecordingSink implements SnapshotSink {
    private static final int ACLS = 0;
    private static final int SESSIONS = 1;
    private static final int NODES = 2;
    private static final int ENDED = 3;

    final SnapshotModel model = new SnapshotModel();
    final List<String> nodeOrder = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int phase = ACLS;

    @Override
    public void acl(long aclRef, List<Acl> acl) {
        assertEquals(ACLS, phase, "ACL after sessions or nodes");
        assertNull(model.acls.put(aclRef, acl), "ACL ref twice");
    }

    @Override
    public void session(long sessionId, int timeoutMs) {
        assertTrue(phase <= SESSIONS, "session after nodes");
        phase = SESSIONS;
        assertNull(model.sessions.put(sessionId, timeoutMs), "session twice");
    }

    @Override
    public void node(NodeImage node) {
        assertTrue(phase <= NODES, "node after end");
        phase = NODES;
        String path = node.path();
        if (!path.equals("/")) {
            String parent = path.substring(0, path.lastIndexOf('/'));
            assertTrue(seen.contains(parent.isEmpty() ? "/" : parent), "parent of " + path + " not streamed before it");
        }
        assertTrue(seen.add(path), "node twice: " + path);
        nodeOrder.add(path);
        model.nodes.put(path, node);
    }

    @Override
    public void end(long lastZxid, long digest) {
        assertFalse(phase == ENDED, "end twice");
        phase = ENDED;
        model.lastZxid = lastZxid;
        model.digest = digest;
    }

    boolean ended() {
        return phase == ENDED;
    }

    static SnapshotModel load(SnapshotStore store) throws SnapshotStoreException {
        RecordingSink sink = new RecordingSink();
        assertTrue(store.load(sink), "store has a snapshot");
        assertTrue(sink.ended(), "stream ended");
        return sink.model;
    }
}
