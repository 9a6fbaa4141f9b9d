package io.zabd.tools.zk;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A minimal map of {@link NodeImage}s that applies ZooKeeper transactions with the semantics of
 * Apache ZooKeeper 3.9's DataTree during restore, enough to replay a real txn log after a fuzzy
 * snapshot and land on the same stats and digest:
 *
 * <ul>
 *   <li>create: the parent must exist; if the node exists already its ACL reference is replaced and
 *       nothing else changes (and for a plain {@code create} txn the parent's cversion/pzxid are
 *       raised to the txn's); otherwise the parent's persisted cversion becomes the txn's
 *       parentCVersion (its own + 1 when -1) and its pzxid the zxid, only if that raises it.</li>
 *   <li>delete: raises the parent's pzxid to the zxid (even when the child is already gone); the
 *       persisted cversion counts creates only.</li>
 *   <li>setData / setACL: the version in the txn becomes the node's version / aversion.</li>
 *   <li>closeSession: deletes the paths in the txn and every remaining ephemeral of the session.</li>
 *   <li>multi: applied only when no sub-txn is an error txn.</li>
 * </ul>
 *
 * Owned by one thread. ACL references follow ZooKeeper's cache: an equal list reuses its reference,
 * a new list takes the next number after the highest ever seen; unused entries are dropped from
 * {@link #acls()}.
 */
public final class SimpleReplayTree implements ReplayTree {
    /** Owner value of a container node. */
    public static final long CONTAINER_OWNER = Long.MIN_VALUE;
    /** High byte of a TTL node's owner value; the low 40 bits carry the TTL in ms. */
    public static final long TTL_MASK = 0xff00_0000_0000_0000L;

    private final Map<String, NodeImage> nodes = new HashMap<>();
    private final Map<Long, Set<String>> ephemerals = new HashMap<>();
    private final Map<Long, List<Acl>> aclByRef = new HashMap<>();
    private final Map<List<Acl>, Long> refByAcl = new HashMap<>();
    private long aclIndex;
    private long digest;

    public SimpleReplayTree(Collection<NodeImage> snapshotNodes, Map<Long, List<Acl>> acls) {
        for (Map.Entry<Long, List<Acl>> e : acls.entrySet()) {
            aclByRef.put(e.getKey(), e.getValue());
            refByAcl.put(e.getValue(), e.getKey());
            aclIndex = Math.max(aclIndex, e.getKey());
        }
        for (NodeImage n : snapshotNodes) {
            put(n);
        }
    }

    /** Whether an ephemeralOwner value names a session (not 0, not a container or TTL marker). */
    public static boolean isSessionOwner(long owner) {
        return owner != 0 && owner != CONTAINER_OWNER && (owner & TTL_MASK) != TTL_MASK;
    }

    @Override
    public long digest() {
        return digest;
    }

    @Override
    public Map<String, NodeImage> nodes() {
        return new TreeMap<>(nodes);
    }

    @Override
    public Map<Long, List<Acl>> acls() {
        Set<Long> used = new HashSet<>();
        for (NodeImage n : nodes.values()) {
            used.add(n.aclRef());
        }
        Map<Long, List<Acl>> out = new TreeMap<>();
        for (Map.Entry<Long, List<Acl>> e : aclByRef.entrySet()) {
            if (used.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    @Override
    public void apply(Txn txn) {
        apply(txn.header(), txn.type(), txn.body());
    }

    private void apply(TxnHeader h, int type, TxnBody body) {
        if (body instanceof TxnBody.Create b) {
            long owner = b.ephemeral() ? h.sessionId() : 0;
            create(h, type, b.path(), b.data(), b.acl(), owner, b.parentCVersion());
        } else if (body instanceof TxnBody.CreateContainer b) {
            create(h, type, b.path(), b.data(), b.acl(), CONTAINER_OWNER, b.parentCVersion());
        } else if (body instanceof TxnBody.CreateTtl b) {
            create(h, type, b.path(), b.data(), b.acl(), TTL_MASK | b.ttlMs(), b.parentCVersion());
        } else if (body instanceof TxnBody.Delete b) {
            delete(b.path(), h.zxid());
        } else if (body instanceof TxnBody.SetData b) {
            NodeImage n = nodes.get(b.path());
            if (n != null) {
                StatPersisted s = n.stat();
                put(new NodeImage(n.path(), b.data(), n.aclRef(), new StatPersisted(s.czxid(), h.zxid(), s.ctime(),
                        h.timeMs(), b.version(), s.cversion(), s.aversion(), s.ephemeralOwner(), s.pzxid())));
            }
        } else if (body instanceof TxnBody.SetAcl b) {
            NodeImage n = nodes.get(b.path());
            if (n != null) {
                StatPersisted s = n.stat();
                put(new NodeImage(n.path(), n.data(), aclRef(b.acl()), new StatPersisted(s.czxid(), s.mzxid(),
                        s.ctime(), s.mtime(), s.version(), s.cversion(), b.version(), s.ephemeralOwner(), s.pzxid())));
            }
        } else if (body instanceof TxnBody.CloseSession b) {
            closeSession(h, b.paths2Delete());
        } else if (body instanceof TxnBody.Multi b) {
            multi(h, b);
        }
        // createSession, error and check change nothing in the tree
    }

    private void multi(TxnHeader h, TxnBody.Multi multi) {
        for (TxnBody.Sub sub : multi.txns()) {
            if (sub.type() == OpCode.ERROR) {
                return; // a failed multi: ZooKeeper turns every sub-txn into an error
            }
        }
        for (TxnBody.Sub sub : multi.txns()) {
            apply(new TxnHeader(h.sessionId(), h.cxid(), h.zxid(), h.timeMs(), sub.type()), sub.type(), sub.body());
        }
    }

    private void create(TxnHeader h, int type, String path, byte[] data, List<Acl> acl, long owner, int parentCVersion) {
        NodeImage parent = nodes.get(ZkPaths.parent(path));
        if (parent == null) {
            return; // NONODE, tolerated on replay
        }
        long ref = aclRef(acl);
        NodeImage existing = nodes.get(path);
        if (existing != null) {
            // NODEEXISTS: ZooKeeper still re-points the ACL, and for a plain create fixes the parent up
            put(new NodeImage(path, existing.data(), ref, existing.stat()));
            if (type == OpCode.CREATE) {
                raiseParentCversion(parent, parentCVersion, h.zxid());
            }
            return;
        }
        raiseParentCversion(parent, parentCVersion, h.zxid());
        put(new NodeImage(path, data, ref,
                new StatPersisted(h.zxid(), h.zxid(), h.timeMs(), h.timeMs(), 0, 0, 0, owner, h.zxid())));
    }

    private void raiseParentCversion(NodeImage parent, int parentCVersion, long zxid) {
        StatPersisted s = parent.stat();
        int cversion = parentCVersion == -1 ? s.cversion() + 1 : parentCVersion;
        if (cversion > s.cversion()) {
            put(new NodeImage(parent.path(), parent.data(), parent.aclRef(), new StatPersisted(s.czxid(), s.mzxid(),
                    s.ctime(), s.mtime(), s.version(), cversion, s.aversion(), s.ephemeralOwner(), zxid)));
        }
    }

    private void delete(String path, long zxid) {
        NodeImage parent = nodes.get(ZkPaths.parent(path));
        if (parent == null) {
            return;
        }
        StatPersisted s = parent.stat();
        if (zxid > s.pzxid()) {
            put(new NodeImage(parent.path(), parent.data(), parent.aclRef(), new StatPersisted(s.czxid(), s.mzxid(),
                    s.ctime(), s.mtime(), s.version(), s.cversion(), s.aversion(), s.ephemeralOwner(), zxid)));
        }
        NodeImage gone = nodes.remove(path);
        if (gone == null) {
            return;
        }
        digest -= ZkDigest.node(gone);
        long owner = gone.stat().ephemeralOwner();
        if (isSessionOwner(owner)) {
            Set<String> set = ephemerals.get(owner);
            if (set != null) {
                set.remove(path);
                if (set.isEmpty()) {
                    ephemerals.remove(owner);
                }
            }
        }
    }

    private void closeSession(TxnHeader h, List<String> paths2Delete) {
        Set<String> all = new LinkedHashSet<>(paths2Delete);
        Set<String> local = ephemerals.get(h.sessionId());
        if (local != null) {
            all.addAll(local);
        }
        for (String path : all) {
            delete(path, h.zxid());
        }
    }

    /** Puts a node (new or replacing), keeping the digest and the ephemeral index up to date. */
    private void put(NodeImage n) {
        NodeImage old = nodes.put(n.path(), n);
        if (old != null) {
            digest -= ZkDigest.node(old);
        }
        digest += ZkDigest.node(n);
        long owner = n.stat().ephemeralOwner();
        if (old == null && isSessionOwner(owner)) {
            ephemerals.computeIfAbsent(owner, k -> new HashSet<>()).add(n.path());
        }
    }

    private long aclRef(List<Acl> acl) {
        Long ref = refByAcl.get(acl);
        if (ref == null) {
            ref = ++aclIndex;
            List<Acl> copy = List.copyOf(acl);
            aclByRef.put(ref, copy);
            refByAcl.put(copy, ref);
        }
        return ref;
    }
}
