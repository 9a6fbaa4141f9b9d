package io.zabd.engine.tree;

import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deliberately simple model of ZooKeeper 3.9's data tree for differential testing: a sorted map
 * path → record, where children, child counts, ephemerals, containers, quota paths and sizes are
 * recomputed by scanning the whole map every time. Slow and obviously right; no incremental state.
 */
final class NaiveTreeModel {
    static final class MNode {
        byte[] data;
        List<Acl> acl; // null = the system nodes' OPEN_ACL_UNSAFE ref -1
        StatPersisted stat;

        MNode(byte[] data, List<Acl> acl, StatPersisted stat) {
            this.data = data;
            this.acl = acl;
            this.stat = stat;
        }
    }

    final TreeMap<String, MNode> nodes = new TreeMap<>();
    final TreeMap<Long, Integer> sessions = new TreeMap<>();
    final boolean extended;

    NaiveTreeModel(boolean extended) {
        this.extended = extended;
        StatPersisted zero = new StatPersisted(0, 0, 0, 0, 0, 0, 0, 0, 0);
        nodes.put("/", new MNode(new byte[0], null, zero));
        nodes.put("/zookeeper", new MNode(new byte[0], null, zero));
        nodes.put("/zookeeper/quota", new MNode(new byte[0], null, zero));
        nodes.put("/zookeeper/config", new MNode(new byte[0], Acl.READ_ACL_UNSAFE,
                new StatPersisted(0, 0, 0, 0, 0, 0, -1, 0, 0)));
    }

    NaiveTreeModel copy() {
        NaiveTreeModel m = new NaiveTreeModel(extended);
        m.nodes.clear();
        for (Map.Entry<String, MNode> e : nodes.entrySet()) {
            MNode n = e.getValue();
            m.nodes.put(e.getKey(), new MNode(n.data, n.acl, n.stat));
        }
        m.sessions.putAll(sessions);
        return m;
    }

    static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    List<String> children(String path) {
        List<String> out = new ArrayList<>();
        for (String k : nodes.keySet()) {
            if (!k.equals("/") && parent(k).equals(path)) {
                out.add(k.substring(k.lastIndexOf('/') + 1));
            }
        }
        out.sort(null);
        return out;
    }

    EphemeralOwner.Kind kind(long owner) {
        if (extended && (owner >>> 56) == 0xff && ((owner >>> 40) & 0xffff) == 0) {
            return EphemeralOwner.Kind.TTL;
        }
        return owner == Long.MIN_VALUE ? EphemeralOwner.Kind.CONTAINER
                : owner == 0 ? EphemeralOwner.Kind.VOID : EphemeralOwner.Kind.NORMAL;
    }

    List<String> ephemerals(long session) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, MNode> e : nodes.entrySet()) {
            if (e.getValue().stat.ephemeralOwner() == session && kind(session) == EphemeralOwner.Kind.NORMAL) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    Set<String> quotaPaths() {
        Set<String> out = new HashSet<>();
        for (String k : nodes.keySet()) {
            if (k.endsWith("/" + QuotaStats.LIMIT_NODE) && k.startsWith("/zookeeper/quota")) {
                String q = QuotaStats.quotaPathOf(parent(k));
                if (q != null) {
                    out.add(q);
                }
            }
        }
        return out;
    }

    String maxQuota(String path) {
        String best = null;
        for (String q : quotaPaths()) {
            if ((path.equals(q) || path.startsWith(q + "/")) && (best == null || q.length() > best.length())) {
                best = q;
            }
        }
        return best;
    }

    void bumpQuota(String path, long bytes, int count) {
        String q = maxQuota(path);
        MNode statNode = q == null ? null : nodes.get(QuotaStats.statPath(q));
        if (statNode != null) {
            QuotaStats s = QuotaStats.parse(statNode.data);
            statNode.data = s.set("count", s.get("count") + count).set("bytes", s.get("bytes") + bytes).toBytes();
        }
    }

    long digest() {
        long sum = 0;
        for (Map.Entry<String, MNode> e : nodes.entrySet()) {
            sum += NodeDigest.of(e.getKey(), e.getValue().data, e.getValue().stat);
        }
        return sum;
    }

    long dataSize() {
        long sum = 0;
        for (Map.Entry<String, MNode> e : nodes.entrySet()) {
            sum += e.getKey().length() + (e.getValue().data == null ? 0 : e.getValue().data.length);
        }
        return sum + len(nodes.get("/").data); // ZooKeeper's root alias "" counts the root's data again
    }

    Stat stat(String path) {
        MNode n = nodes.get(path);
        return clientStat(n.stat, n.data, children(path).size());
    }

    /** What a client sees: cversion counts creates and deletes (2 * creates - live children); owner only for sessions. */
    Stat clientStat(StatPersisted s, byte[] data, int numChildren) {
        long owner = kind(s.ephemeralOwner()) == EphemeralOwner.Kind.NORMAL ? s.ephemeralOwner() : 0;
        return new Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), 2 * s.cversion() - numChildren,
                s.aversion(), owner, (int) len(data), numChildren, s.pzxid());
    }

    // ------------------------------------------------------------ apply

    ApplyResult apply(Txn txn) {
        List<WatchTrigger> triggers = new ArrayList<>();
        ApplyResult r = apply(txn.header(), txn.body(), triggers);
        return new ApplyResult(r.sessionId(), r.cxid(), r.zxid(), r.type(), r.err(), r.path(), r.stat(),
                r.multiResults(), List.copyOf(triggers));
    }

    private ApplyResult res(TxnHeader h, int err, String path, Stat stat) {
        return new ApplyResult(h.sessionId(), h.cxid(), h.zxid(), h.type(), err, path, stat, null, List.of());
    }

    private ApplyResult apply(TxnHeader h, TxnBody body, List<WatchTrigger> t) {
        long zxid = h.zxid();
        if (body instanceof TxnBody.Create c) {
            int err = create(c.path(), c.data(), c.acl(), c.ephemeral() ? h.sessionId() : 0, c.parentCVersion(),
                    h, t);
            if (err == KeeperCode.NODEEXISTS && h.type() == OpCode.CREATE) {
                MNode p = nodes.get(parent(c.path()));
                if (p != null && c.parentCVersion() > p.stat.cversion()) {
                    p.stat = with(p.stat, -1, c.parentCVersion(), -1, zxid);
                }
            }
            return res(h, err, c.path(), err == 0 && h.type() == OpCode.CREATE2 ? stat(c.path()) : null);
        } else if (body instanceof TxnBody.CreateContainer c) {
            int err = create(c.path(), c.data(), c.acl(), Long.MIN_VALUE, c.parentCVersion(), h, t);
            return res(h, err, c.path(), err == 0 ? stat(c.path()) : null);
        } else if (body instanceof TxnBody.CreateTtl c) {
            int err = create(c.path(), c.data(), c.acl(), 0xff00_0000_0000_0000L | c.ttlMs(), c.parentCVersion(), h, t);
            return res(h, err, c.path(), err == 0 ? stat(c.path()) : null);
        } else if (body instanceof TxnBody.Delete d) {
            return res(h, delete(d.path(), zxid, t), d.path(), null);
        } else if (body instanceof TxnBody.SetData d) {
            MNode n = nodes.get(d.path());
            if (n == null) {
                return res(h, KeeperCode.NONODE, d.path(), null);
            }
            long diff = len(d.data()) - len(n.data);
            n.data = d.data();
            StatPersisted s = n.stat;
            n.stat = new StatPersisted(s.czxid(), zxid, s.ctime(), h.timeMs(), d.version(), s.cversion(),
                    s.aversion(), s.ephemeralOwner(), s.pzxid());
            Stat out = stat(d.path());
            bumpQuota(d.path(), diff, 0);
            t.add(new WatchTrigger(3, d.path()));
            return res(h, 0, d.path(), out);
        } else if (body instanceof TxnBody.SetAcl a) {
            MNode n = nodes.get(a.path());
            if (n == null) {
                return res(h, KeeperCode.NONODE, a.path(), null);
            }
            n.acl = a.acl();
            n.stat = with(n.stat, a.version(), -1, -1, -1);
            return res(h, 0, a.path(), stat(a.path()));
        } else if (body instanceof TxnBody.CreateSession s) {
            sessions.put(h.sessionId(), s.timeoutMs());
            return res(h, 0, null, null);
        } else if (body instanceof TxnBody.CloseSession s) {
            sessions.remove(h.sessionId());
            List<String> left = ephemerals(h.sessionId());
            for (String p : s.paths2Delete()) {
                delete(p, zxid, t);
            }
            for (String p : left) {
                if (!s.paths2Delete().contains(p)) {
                    delete(p, zxid, t);
                }
            }
            return res(h, 0, null, null);
        } else if (body instanceof TxnBody.Error e) {
            return res(h, e.err(), null, null);
        } else if (body instanceof TxnBody.CheckVersion c) {
            return res(h, 0, c.path(), null);
        }
        TxnBody.Multi m = (TxnBody.Multi) body;
        boolean failed = m.txns().stream().anyMatch(s -> s.type() == OpCode.ERROR);
        boolean seenError = false;
        int err = 0;
        List<ApplyResult> subs = new ArrayList<>();
        for (TxnBody.Sub sub : m.txns()) {
            TxnBody b = sub.body();
            int type = sub.type();
            if (type == OpCode.ERROR) {
                seenError = true;
            } else if (failed) {
                type = OpCode.ERROR;
                b = new TxnBody.Error(seenError ? KeeperCode.RUNTIMEINCONSISTENCY : 0);
            }
            ApplyResult r = apply(new TxnHeader(h.sessionId(), h.cxid(), zxid, h.timeMs(), type), b, t);
            subs.add(r);
            if (err == 0) {
                err = r.err();
            }
        }
        return new ApplyResult(h.sessionId(), h.cxid(), zxid, h.type(), err, null, null, subs, List.of());
    }

    private static StatPersisted with(StatPersisted s, int aversion, int cversion, int version, long pzxid) {
        return new StatPersisted(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), version == -1 ? s.version() : version,
                cversion == -1 ? s.cversion() : cversion, aversion == -1 ? s.aversion() : aversion,
                s.ephemeralOwner(), pzxid == -1 ? s.pzxid() : pzxid);
    }

    private int create(String path, byte[] data, List<Acl> acl, long owner, int parentCVersion, TxnHeader h,
            List<WatchTrigger> t) {
        String parentPath = parent(path);
        MNode p = nodes.get(parentPath);
        if (p == null) {
            return KeeperCode.NONODE;
        }
        if (nodes.containsKey(path)) {
            return KeeperCode.NODEEXISTS;
        }
        int cv = parentCVersion == -1 ? p.stat.cversion() + 1 : parentCVersion;
        if (cv > p.stat.cversion()) {
            p.stat = with(p.stat, -1, cv, -1, h.zxid());
        }
        nodes.put(path, new MNode(data, acl, new StatPersisted(h.zxid(), h.zxid(), h.timeMs(), h.timeMs(), 0, 0, 0,
                owner, h.zxid())));
        String name = path.substring(path.lastIndexOf('/') + 1);
        String q = QuotaStats.quotaPathOf(parentPath.equals("/") ? "" : parentPath);
        if (q != null && name.equals(QuotaStats.STAT_NODE)) {
            long count = 0;
            long bytes = 0;
            for (Map.Entry<String, MNode> e : nodes.entrySet()) {
                if (e.getKey().equals(q) || e.getKey().startsWith(q + "/")) {
                    count++;
                    bytes += len(e.getValue().data);
                }
            }
            nodes.get(path).data = QuotaStats.of(count, bytes).toBytes();
        }
        bumpQuota(path, len(data), 1);
        t.add(new WatchTrigger(1, path));
        t.add(new WatchTrigger(4, parentPath));
        return 0;
    }

    private int delete(String path, long zxid, List<WatchTrigger> t) {
        String parentPath = parent(path);
        MNode p = nodes.get(parentPath);
        if (p == null || path.equals("/")) {
            return KeeperCode.NONODE;
        }
        if (zxid > p.stat.pzxid()) {
            p.stat = with(p.stat, -1, -1, -1, zxid);
        }
        MNode n = nodes.remove(path);
        if (n == null) {
            return KeeperCode.NONODE;
        }
        bumpQuota(path, -len(n.data), -1);
        t.add(new WatchTrigger(2, path));
        t.add(new WatchTrigger(4, parentPath));
        return 0;
    }

    static long len(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
