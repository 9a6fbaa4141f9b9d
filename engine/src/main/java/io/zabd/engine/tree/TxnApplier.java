package io.zabd.engine.tree;

import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Dispatches a transaction onto the {@link DataTree}, as ZooKeeper's DataTree.processTxn: one case
 * per txn type, errors reported in the result (a txn that fails on apply changes nothing, except the
 * ZooKeeper rules noted on {@link DataTree#deleteNode} and the NODEEXISTS case of a plain create).
 */
final class TxnApplier {
    /** A create or delete fires two triggers, a setData one: room without growing. */
    private static final int TRIGGERS_INITIAL = 2;

    private final DataTree tree;

    TxnApplier(DataTree tree) {
        this.tree = tree;
    }

    ApplyResult apply(Txn txn) {
        List<WatchTrigger> triggers = new ArrayList<>(TRIGGERS_INITIAL);
        ApplyResult r = apply(txn.header(), txn.body(), triggers);
        return new ApplyResult(r.sessionId(), r.cxid(), r.zxid(), r.type(), r.err(), r.path(), r.stat(),
                r.multiResults(), Collections.unmodifiableList(triggers));
    }

    private ApplyResult apply(TxnHeader h, TxnBody body, List<WatchTrigger> triggers) {
        int type = h.type();
        if (body instanceof TxnBody.Create c) {
            long owner = c.ephemeral() ? h.sessionId() : 0;
            ApplyResult r = create(h, c.path(), c.data(), c.acl(), owner, c.parentCVersion(), type == OpCode.CREATE2,
                    triggers);
            if (type == OpCode.CREATE && r.err() == KeeperCode.NODEEXISTS) {
                tree.setCversionPzxid(DataTree.parentOf(c.path()), c.parentCVersion(), h.zxid());
            }
            return r;
        } else if (body instanceof TxnBody.CreateContainer c) {
            return create(h, c.path(), c.data(), c.acl(), EphemeralOwner.CONTAINER, c.parentCVersion(), true,
                    triggers);
        } else if (body instanceof TxnBody.CreateTtl c) {
            long owner = EphemeralOwner.validTtl(c.ttlMs()) ? EphemeralOwner.ttlOwner(c.ttlMs()) : 0;
            if (owner == 0) {
                return result(h, KeeperCode.BADARGUMENTS, c.path(), null, null);
            }
            return create(h, c.path(), c.data(), c.acl(), owner, c.parentCVersion(), true, triggers);
        } else if (body instanceof TxnBody.Delete d) {
            return result(h, tree.deleteNode(d.path(), h.zxid(), triggers), d.path(), null, null);
        } else if (body instanceof TxnBody.SetData d) {
            Stat s = tree.setData(d.path(), d.data(), d.version(), h.zxid(), h.timeMs(), triggers);
            return result(h, s == null ? KeeperCode.NONODE : KeeperCode.OK, d.path(), s, null);
        } else if (body instanceof TxnBody.SetAcl a) {
            Stat s = tree.setAcl(a.path(), a.acl(), a.version());
            return result(h, s == null ? KeeperCode.NONODE : KeeperCode.OK, a.path(), s, null);
        } else if (body instanceof TxnBody.CreateSession s) {
            tree.createSession(h.sessionId(), s.timeoutMs());
            return result(h, KeeperCode.OK, null, null, null);
        } else if (body instanceof TxnBody.CloseSession s) {
            tree.killSession(h.sessionId(), h.zxid(), s.paths2Delete(), triggers);
            return result(h, KeeperCode.OK, null, null, null);
        } else if (body instanceof TxnBody.Error e) {
            return result(h, e.err(), null, null, null);
        } else if (body instanceof TxnBody.CheckVersion c) {
            return result(h, KeeperCode.OK, c.path(), null, null);
        } else if (body instanceof TxnBody.Multi m) {
            return multi(h, m, triggers);
        }
        throw new IllegalArgumentException("cannot apply " + body.getClass().getSimpleName());
    }

    private ApplyResult create(TxnHeader h, String path, byte[] data, List<io.zabd.engine.txn.Acl> acl, long owner,
            int parentCVersion, boolean withStat, List<WatchTrigger> triggers) {
        Stat[] out = new Stat[1];
        int err = tree.createNode(path, data, acl, owner, parentCVersion, h.zxid(), h.timeMs(), triggers, out);
        return result(h, err, path, withStat ? out[0] : null, null);
    }

    /**
     * A multi: if any sub-txn is an error (prep found a failing op), every sub-txn is applied as an
     * error: OK before the first error txn, RUNTIMEINCONSISTENCY after it, the error txns with their
     * own codes. Otherwise each sub-txn is applied in order. The multi's code is the first non-OK
     * sub-result's.
     */
    private ApplyResult multi(TxnHeader h, TxnBody.Multi m, List<WatchTrigger> triggers) {
        boolean failed = false;
        for (TxnBody.Sub sub : m.txns()) {
            failed |= sub.type() == OpCode.ERROR;
        }
        boolean postFailed = false;
        int err = KeeperCode.OK;
        List<ApplyResult> subResults = new ArrayList<>(m.txns().size());
        for (TxnBody.Sub sub : m.txns()) {
            int subType = sub.type();
            TxnBody body = sub.body();
            if (subType == OpCode.ERROR) {
                postFailed = true;
            } else if (failed) {
                subType = OpCode.ERROR;
                body = new TxnBody.Error(postFailed ? KeeperCode.RUNTIMEINCONSISTENCY : KeeperCode.OK);
            }
            TxnHeader subHeader = new TxnHeader(h.sessionId(), h.cxid(), h.zxid(), h.timeMs(), subType);
            ApplyResult r = apply(subHeader, body, triggers);
            subResults.add(r);
            if (r.err() != KeeperCode.OK && err == KeeperCode.OK) {
                err = r.err();
            }
        }
        return new ApplyResult(h.sessionId(), h.cxid(), h.zxid(), h.type(), err, null, null,
                List.copyOf(subResults), List.of());
    }

    private static ApplyResult result(TxnHeader h, int err, String path, Stat stat, List<ApplyResult> multi) {
        return new ApplyResult(h.sessionId(), h.cxid(), h.zxid(), h.type(), err, path, stat, multi, List.of());
    }
}
