package io.zabd.engine.tree;

import io.zabd.engine.tree.NaiveTreeModel.MNode;
import io.zabd.engine.tree.prep.AuthId;
import io.zabd.engine.tree.prep.Caller;
import io.zabd.engine.tree.prep.PathValidation;
import io.zabd.engine.tree.prep.PrepConfig;
import io.zabd.engine.tree.prep.PrepResult;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The model's prep: ZooKeeper's PrepRequestProcessor checks, run naively against the state the
 * tree will have once every earlier prepared txn is applied (a copy of the model with the pending
 * txns replayed), and quota checks against the applied state, as ZooKeeper does.
 */
final class NaiveModelPrep {
    private static final Set<String> SPECIAL = Set.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config");

    private static final class Fail extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Fail(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private final PrepConfig config;
    private NaiveTreeModel view;
    private NaiveTreeModel applied;
    private Caller caller;
    private long zxid;
    private long time;

    NaiveModelPrep(PrepConfig config) {
        this.config = config;
    }

    PrepResult prep(NaiveTreeModel appliedModel, List<Txn> pendingTxns, WriteRequest r, Caller c, long z, long t) {
        applied = appliedModel;
        caller = c;
        zxid = z;
        time = t;
        TxnHeader h = new TxnHeader(c.sessionId(), c.cxid(), z, t, r.opCode());
        if (r instanceof WriteRequest.Multi m) {
            List<TxnBody.Sub> subs = new ArrayList<>();
            int err = 0;
            view = project(pendingTxns);
            for (WriteRequest op : m.ops()) {
                if (err != 0) {
                    subs.add(new TxnBody.Sub(OpCode.ERROR, new TxnBody.Error(KeeperCode.RUNTIMEINCONSISTENCY)));
                    continue;
                }
                try {
                    TxnBody b = single(op);
                    subs.add(new TxnBody.Sub(op.opCode(), b));
                    view.apply(new Txn(new TxnHeader(c.sessionId(), c.cxid(), z, t, op.opCode()), b));
                } catch (Fail f) {
                    err = f.code;
                    subs.add(new TxnBody.Sub(OpCode.ERROR, new TxnBody.Error(f.code)));
                }
            }
            return new PrepResult(new Txn(h, new TxnBody.Multi(subs)), err);
        }
        view = project(pendingTxns);
        try {
            return new PrepResult(new Txn(h, single(r)), 0);
        } catch (Fail f) {
            return new PrepResult(new Txn(new TxnHeader(c.sessionId(), c.cxid(), z, t, OpCode.ERROR),
                    new TxnBody.Error(f.code)), f.code);
        }
    }

    private NaiveTreeModel project(List<Txn> pendingTxns) {
        NaiveTreeModel m = applied.copy();
        for (Txn txn : pendingTxns) {
            m.apply(txn);
        }
        return m;
    }

    private TxnBody single(WriteRequest r) throws Fail {
        if (r instanceof WriteRequest.Create c) {
            return create(c);
        } else if (r instanceof WriteRequest.Delete d) {
            session();
            parentOfDeletable(d.path());
            MNode p = node(NaiveTreeModel.parent(d.path()));
            acl(p.acl, Acl.DELETE);
            MNode n = node(d.path());
            version(n.stat.version(), d.version());
            if (!view.children(d.path()).isEmpty()) {
                throw new Fail(KeeperCode.NOTEMPTY);
            }
            return new TxnBody.Delete(d.path());
        } else if (r instanceof WriteRequest.DeleteContainer d) {
            parentOfDeletable(d.path());
            MNode n = node(d.path());
            if (!view.children(d.path()).isEmpty()) {
                throw new Fail(KeeperCode.NOTEMPTY);
            }
            if (view.kind(n.stat.ephemeralOwner()) == EphemeralOwner.Kind.NORMAL) {
                throw new Fail(KeeperCode.BADVERSION);
            }
            node(NaiveTreeModel.parent(d.path()));
            return new TxnBody.Delete(d.path());
        } else if (r instanceof WriteRequest.SetData s) {
            session();
            valid(s.path());
            MNode n = node(s.path());
            acl(n.acl, Acl.WRITE);
            quota(s.path(), NaiveTreeModel.len(s.data()) - NaiveTreeModel.len(n.data), 0);
            return new TxnBody.SetData(s.path(), s.data(), version(n.stat.version(), s.version()));
        } else if (r instanceof WriteRequest.SetAcl s) {
            session();
            valid(s.path());
            List<Acl> fixed = fixup(s.acl());
            MNode n = node(s.path());
            acl(n.acl, Acl.ADMIN);
            return new TxnBody.SetAcl(s.path(), fixed, version(n.stat.aversion(), s.version()));
        } else if (r instanceof WriteRequest.Check c) {
            session();
            valid(c.path());
            MNode n = node(c.path());
            acl(n.acl, Acl.READ);
            return new TxnBody.CheckVersion(c.path(), version(n.stat.version(), c.version()));
        } else if (r instanceof WriteRequest.CreateSession s) {
            return new TxnBody.CreateSession(s.timeoutMs());
        }
        return new TxnBody.CloseSession(view.ephemerals(caller.sessionId()));
    }

    private TxnBody create(WriteRequest.Create c) throws Fail {
        String path = c.path();
        int f = c.flags();
        if (f < 0 || f > 6) {
            throw new Fail(KeeperCode.BADARGUMENTS);
        }
        boolean ttl = f == 5 || f == 6;
        boolean seq = f == 2 || f == 3 || f == 6;
        boolean eph = f == 1 || f == 3;
        if (ttl && !config.extendedTypesEnabled()) {
            throw new Fail(KeeperCode.UNIMPLEMENTED);
        }
        if (ttl ? (c.ttlMs() <= 0 || c.ttlMs() > 0xFF_FFFF_FFFFL) : c.ttlMs() >= 0) {
            throw new Fail(KeeperCode.BADARGUMENTS);
        }
        session();
        int slash = path.lastIndexOf('/');
        if (slash < 0 || path.indexOf('\0') >= 0) {
            throw new Fail(KeeperCode.BADARGUMENTS);
        }
        String parentPath = slash == 0 ? "/" : path.substring(0, slash);
        List<Acl> fixed = fixup(c.acl());
        MNode p = node(parentPath);
        acl(p.acl, Acl.CREATE);
        if (seq) {
            path = path + String.format(Locale.ENGLISH, "%010d", p.stat.cversion());
        }
        valid(path);
        if (view.nodes.containsKey(path)) {
            throw new Fail(KeeperCode.NODEEXISTS);
        }
        if (view.kind(p.stat.ephemeralOwner()) == EphemeralOwner.Kind.NORMAL) {
            throw new Fail(KeeperCode.NOCHILDRENFOREPHEMERALS);
        }
        quota(path, NaiveTreeModel.len(c.data()), 1);
        int cv = p.stat.cversion() + 1;
        if (c.opCode() == OpCode.CREATE_CONTAINER) {
            return new TxnBody.CreateContainer(path, c.data(), fixed, cv);
        } else if (c.opCode() == OpCode.CREATE_TTL) {
            return new TxnBody.CreateTtl(path, c.data(), fixed, cv, c.ttlMs());
        }
        return new TxnBody.Create(path, c.data(), fixed, eph, cv);
    }

    private void session() throws Fail {
        if (config.checkSessions() && !view.sessions.containsKey(caller.sessionId())) {
            throw new Fail(KeeperCode.SESSIONEXPIRED);
        }
    }

    private void parentOfDeletable(String path) throws Fail {
        if (path.lastIndexOf('/') < 0 || path.indexOf('\0') >= 0 || SPECIAL.contains(path)) {
            throw new Fail(KeeperCode.BADARGUMENTS);
        }
    }

    private MNode node(String path) throws Fail {
        MNode n = view.nodes.get(path.isEmpty() ? "/" : path);
        if (n == null) {
            throw new Fail(KeeperCode.NONODE);
        }
        return n;
    }

    private static void valid(String path) throws Fail {
        if (!PathValidation.isValid(path)) {
            throw new Fail(KeeperCode.BADARGUMENTS);
        }
    }

    private static int version(int current, int expected) throws Fail {
        if (expected != -1 && expected != current) {
            throw new Fail(KeeperCode.BADVERSION);
        }
        return current + 1;
    }

    private List<AuthId> ids() {
        List<AuthId> ids = new ArrayList<>();
        ids.add(new AuthId("ip", caller.peerIp()));
        ids.addAll(caller.authIds());
        return ids;
    }

    private void acl(List<Acl> acl, int perm) throws Fail {
        List<Acl> list = acl == null ? Acl.OPEN_ACL_UNSAFE : acl;
        if (caller.superUser()) {
            return;
        }
        for (Acl a : list) {
            if ((a.perms() & perm) == 0) {
                continue;
            }
            if (a.scheme().equals("world") && a.id().equals("anyone")) {
                return;
            }
            for (AuthId id : ids()) {
                if (!id.scheme().equals(a.scheme())) {
                    continue;
                }
                if (a.scheme().equals("digest") && id.id().equals(a.id())) {
                    return;
                }
                if (a.scheme().equals("ip") && ipMatch(id.id(), a.id())) {
                    return;
                }
            }
        }
        throw new Fail(KeeperCode.NOAUTH);
    }

    /** IPv4 only (the generator uses IPv4 ACLs and peers). */
    static boolean ipMatch(String peer, String expr) {
        String[] parts = expr.split("/");
        long a = v4(parts[0]);
        long b = v4(peer);
        if (a < 0 || b < 0) {
            return false;
        }
        int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        long mask = bits == 0 ? 0 : (0xFFFF_FFFFL << (32 - bits)) & 0xFFFF_FFFFL;
        return (a & mask) == (b & mask);
    }

    private static long v4(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) {
            return -1;
        }
        long v = 0;
        for (String x : p) {
            int o;
            try {
                o = Integer.parseInt(x);
            } catch (NumberFormatException e) {
                return -1;
            }
            if (o < 0 || o > 255) {
                return -1;
            }
            v = (v << 8) | o;
        }
        return v;
    }

    private List<Acl> fixup(List<Acl> acls) throws Fail {
        List<Acl> unique = new ArrayList<>();
        for (Acl a : acls) {
            if (!unique.contains(a)) {
                unique.add(a);
            }
        }
        if (unique.isEmpty()) {
            throw new Fail(KeeperCode.INVALIDACL);
        }
        List<Acl> out = new ArrayList<>();
        for (Acl a : unique) {
            if (a.scheme().equals("world") && a.id().equals("anyone")) {
                out.add(a);
            } else if (a.scheme().equals("auth")) {
                boolean any = false;
                for (AuthId id : ids()) {
                    if (id.scheme().equals("digest")) {
                        out.add(new Acl(a.perms(), id.scheme(), id.id()));
                        any = true;
                    }
                }
                if (!any) {
                    throw new Fail(KeeperCode.INVALIDACL);
                }
            } else if (a.scheme().equals("digest") && a.id().split(":").length == 2
                    || a.scheme().equals("ip") && validIp(a.id())) {
                out.add(a);
            } else {
                throw new Fail(KeeperCode.INVALIDACL);
            }
        }
        return out;
    }

    private static boolean validIp(String id) {
        String[] parts = id.split("/", 2);
        if (v4(parts[0]) < 0) {
            return false;
        }
        if (parts.length == 2) {
            try {
                int bits = Integer.parseInt(parts[1]);
                return bits >= 0 && bits <= 32;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /** Hard limits against the applied state (ZooKeeper reads the committed tree for quotas). */
    private void quota(String path, long bytesDiff, int countDiff) throws Fail {
        if (!config.enforceQuota()) {
            return;
        }
        String q = applied.maxQuota(path);
        if (q == null) {
            return;
        }
        MNode limitNode = applied.nodes.get(QuotaStats.limitPath(q));
        MNode statNode = applied.nodes.get(QuotaStats.statPath(q));
        if (limitNode == null || statNode == null) {
            return;
        }
        QuotaStats limits = QuotaStats.parse(limitNode.data);
        QuotaStats current = QuotaStats.parse(statNode.data);
        if (countDiff != 0 && limits.get("countHardLimit") > -1
                && current.get("count") + countDiff > limits.get("countHardLimit")) {
            throw new Fail(KeeperCode.QUOTAEXCEEDED);
        }
        if (bytesDiff != 0 && limits.get("byteHardLimit") > -1
                && current.get("bytes") + bytesDiff > limits.get("byteHardLimit")) {
            throw new Fail(KeeperCode.QUOTAEXCEEDED);
        }
    }
}
