package io.zabd.engine.snapshot;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Zxid;
import io.zabd.engine.util.Invariants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coalesces consecutive deltas into one whose effect equals applying them in order: a later upsert
 * or delete of the same path (ACL ref, session id) replaces an earlier one, a later {@code full}
 * delta replaces everything before it, and the result carries the newest zxid and digest. The cost
 * of {@link #add} is proportional to the added delta. Holds the first source as is until a second
 * arrives, so the common case (nothing to coalesce) copies nothing and builds the delta's lists
 * only in {@link #toDelta()}, on the writer thread. Not thread-safe: the owner synchronizes.
 */
final class DeltaAccumulator {
    private DeltaSource single;
    private boolean full;
    private long zxid;
    private long digest;
    private int deltaCount;
    private final Map<String, NodeImage> upsertedNodes = new LinkedHashMap<>();
    private final Set<String> deletedPaths = new LinkedHashSet<>();
    private final Map<Long, List<Acl>> upsertedAcls = new LinkedHashMap<>();
    private final Set<Long> deletedAcls = new LinkedHashSet<>();
    private final Map<Long, Integer> upsertedSessions = new LinkedHashMap<>();
    private final Set<Long> deletedSessions = new LinkedHashSet<>();

    DeltaAccumulator(DeltaSource first) {
        this.single = first;
        this.full = first.full();
        this.zxid = first.zxid();
        this.digest = first.digest();
        this.deltaCount = 1;
    }

    long zxid() {
        return zxid;
    }

    /** Number of deltas coalesced here. */
    int deltaCount() {
        return deltaCount;
    }

    void add(DeltaSource nextSource) {
        SnapshotDelta next = nextSource.toDelta();
        Invariants.check(next.zxid() >= zxid, "delta %s coalesced after newer delta %s", Zxid.toHex(next.zxid()),
                Zxid.toHex(zxid));
        if (single != null) {
            SnapshotDelta first = single.toDelta();
            single = null;
            apply(first);
        }
        if (next.full()) {
            clear();
            full = true;
        }
        apply(next);
        zxid = next.zxid();
        digest = next.digest();
        deltaCount++;
    }

    void addAll(DeltaAccumulator later) {
        if (later.single != null) {
            add(later.single);
            return;
        }
        add(later.toDelta());
    }

    private void clear() {
        upsertedNodes.clear();
        deletedPaths.clear();
        upsertedAcls.clear();
        deletedAcls.clear();
        upsertedSessions.clear();
        deletedSessions.clear();
    }

    private void apply(SnapshotDelta d) {
        for (String path : d.deletedPaths()) {
            upsertedNodes.remove(path);
            deletedPaths.add(path);
        }
        for (NodeImage n : d.upsertedNodes()) {
            deletedPaths.remove(n.path());
            upsertedNodes.put(n.path(), n);
        }
        for (Long ref : d.deletedAcls()) {
            upsertedAcls.remove(ref);
            deletedAcls.add(ref);
        }
        for (Map.Entry<Long, List<Acl>> e : d.upsertedAcls().entrySet()) {
            deletedAcls.remove(e.getKey());
            upsertedAcls.put(e.getKey(), e.getValue());
        }
        for (Long id : d.deletedSessions()) {
            upsertedSessions.remove(id);
            deletedSessions.add(id);
        }
        for (Map.Entry<Long, Integer> e : d.upsertedSessions().entrySet()) {
            deletedSessions.remove(e.getKey());
            upsertedSessions.put(e.getKey(), e.getValue());
        }
    }

    SnapshotDelta toDelta() {
        if (single != null) {
            return single.toDelta();
        }
        return new SnapshotDelta(zxid, digest, full, new ArrayList<>(upsertedNodes.values()),
                new ArrayList<>(deletedPaths), new LinkedHashMap<>(upsertedAcls), new ArrayList<>(deletedAcls),
                new LinkedHashMap<>(upsertedSessions), new ArrayList<>(deletedSessions));
    }
}
