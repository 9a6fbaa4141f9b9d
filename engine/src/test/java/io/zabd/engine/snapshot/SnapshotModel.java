package io.zabd.engine.snapshot;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The naive model of a stored snapshot: plain maps that deltas are applied to in order. */
final class SnapshotModel {
    final Map<String, NodeImage> nodes = new TreeMap<>();
    final Map<Long, List<Acl>> acls = new HashMap<>();
    final Map<Long, Integer> sessions = new HashMap<>();
    long lastZxid = SnapshotStore.NONE;
    long digest;

    void apply(SnapshotDelta d) {
        if (d.full()) {
            nodes.clear();
            acls.clear();
            sessions.clear();
        }
        d.deletedPaths().forEach(nodes::remove);
        d.upsertedNodes().forEach(n -> nodes.put(n.path(), n));
        d.deletedAcls().forEach(acls::remove);
        acls.putAll(d.upsertedAcls());
        d.deletedSessions().forEach(sessions::remove);
        sessions.putAll(d.upsertedSessions());
        lastZxid = d.zxid();
        digest = d.digest();
    }

    SnapshotModel copy() {
        SnapshotModel m = new SnapshotModel();
        m.nodes.putAll(nodes);
        m.acls.putAll(acls);
        m.sessions.putAll(sessions);
        m.lastZxid = lastZxid;
        m.digest = digest;
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotModel m && nodes.equals(m.nodes) && acls.equals(m.acls)
                && sessions.equals(m.sessions) && lastZxid == m.lastZxid && digest == m.digest;
    }

    @Override
    public int hashCode() {
        return nodes.hashCode();
    }

    @Override
    public String toString() {
        return "SnapshotModel{lastZxid=0x" + Long.toHexString(lastZxid) + ", digest=" + digest + ", nodes="
                + nodes.size() + ", acls=" + acls.size() + ", sessions=" + sessions.size() + "}";
    }
}
