package io.zabd.engine.tree;

import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.snapshot.SnapshotSink;
import io.zabd.engine.txn.Acl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * In-memory stand-in for the snapshot store: merges {@link SnapshotDelta}s into maps (a full delta
 * replaces everything) and replays them into a {@link SnapshotSink} in the sink's order.
 */
final class SimulatedStore {
    final Map<String, NodeImage> nodes = new HashMap<>();
    final TreeMap<Long, List<Acl>> acls = new TreeMap<>();
    final TreeMap<Long, Integer> sessions = new TreeMap<>();
    long zxid;
    long digest;

    void merge(SnapshotDelta d) {
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
        zxid = d.zxid();
        digest = d.digest();
    }

    void replay(SnapshotSink sink) {
        acls.forEach(sink::acl);
        sessions.forEach(sink::session);
        List<String> paths = new ArrayList<>(nodes.keySet());
        paths.sort(DataTree::parentsFirst);
        for (String p : paths) {
            sink.node(nodes.get(p));
        }
        sink.end(zxid, digest);
    }
}
