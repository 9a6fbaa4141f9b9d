package io.zabd.engine.tree.prep;

import io.zabd.engine.tree.DataTree;
import io.zabd.engine.tree.EphemeralOwner;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.engine.tree.NodeRecord;
import io.zabd.engine.tree.QuotaStats;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns client write requests into transactions, as ZooKeeper's PrepRequestProcessor: validates
 * against the tree plus the pending changes of earlier prepared, not yet applied transactions,
 * checks ACLs, versions and quotas in ZooKeeper's order (so the same input gets the same error
 * code), names sequential nodes from the parent's cversion ({@code %010d}) and builds the txn.
 *
 * <p>Deterministic and single-threaded: it reads the {@link DataTree} directly, so it must run on
 * the tree's owner thread (or while apply is paused). Call {@link #applied(long)} after each txn is
 * applied so its pending records are dropped.
 */
public final class TxnPrep {
    private static final Logger LOG = LoggerFactory.getLogger(TxnPrep.class);
    private static final Set<String> SPECIAL_PATHS =
            Set.of(DataTree.ROOT, DataTree.ZOOKEEPER, QuotaStats.QUOTA_ROOT, DataTree.CONFIG);

    private final DataTree tree;
    private final PrepConfig config;
    private final AclCheck aclCheck;
    private final PendingChanges pending = new PendingChanges();
    private final Map<Long, Long> openingSessions = new HashMap<>();
    private final Map<Long, Long> closingSessions = new HashMap<>();
    /** Quota breaches are logged at most once per interval (ZooKeeper rate-limits them too). */
    private static final long QUOTA_WARN_INTERVAL_MS = 1000;
    private long lastQuotaWarnMs = Long.MIN_VALUE / 2;
    private long quotaWarningsSuppressed;

    public TxnPrep(DataTree tree, PrepConfig config) {
        if (tree.extendedTypesEnabled() != config.extendedTypesEnabled()) {
            throw new IllegalArgumentException("extendedTypesEnabled differs between the tree ("
                    + tree.extendedTypesEnabled() + ") and prep (" + config.extendedTypesEnabled() + ")");
        }
        this.tree = tree;
        this.config = config;
        this.aclCheck = new AclCheck(config.extraAuthSchemes());
    }

    /** Prepares one request with the zxid and time the leader assigns to it. */
    public PrepResult prep(WriteRequest request, Caller caller, long zxid, long timeMs) {
        TxnHeader header = new TxnHeader(caller.sessionId(), caller.cxid(), zxid, timeMs, request.opCode());
        Ctx ctx = new Ctx(caller, AclCheck.idsOf(caller), zxid, timeMs);
        if (hasNullPath(request)) {
            // ZooKeeper fails such a request with a NullPointerException, reported as MARSHALLINGERROR
            TxnHeader error = new TxnHeader(header.sessionId(), header.cxid(), zxid, timeMs, OpCode.ERROR);
            return new PrepResult(new Txn(error, new TxnBody.Error(KeeperCode.MARSHALLINGERROR)),
                    KeeperCode.MARSHALLINGERROR);
        }
        if (request instanceof WriteRequest.Multi multi) {
            return multi(multi, ctx, header);
        }
        int mark = pending.mark();
        try {
            return new PrepResult(new Txn(header, single(request, ctx)), KeeperCode.OK);
        } catch (PrepFailure f) {
            pending.rollback(mark);
            TxnHeader error = new TxnHeader(header.sessionId(), header.cxid(), zxid, timeMs, OpCode.ERROR);
            return new PrepResult(new Txn(error, new TxnBody.Error(f.code)), f.code);
        }
    }

    private static boolean hasNullPath(WriteRequest r) {
        if (r instanceof WriteRequest.Multi m) {
            for (WriteRequest op : m.ops()) {
                if (hasNullPath(op)) {
                    return true;
                }
            }
            return false;
        }
        String path = r instanceof WriteRequest.Create c ? c.path()
                : r instanceof WriteRequest.Delete d ? d.path()
                : r instanceof WriteRequest.DeleteContainer d ? d.path()
                : r instanceof WriteRequest.SetData d ? d.path()
                : r instanceof WriteRequest.SetAcl a ? a.path()
                : r instanceof WriteRequest.Check c ? c.path() : "";
        return path == null;
    }

    /** Drops the pending records of every txn up to {@code zxid}; call after applying it. */
    public void applied(long zxid) {
        pending.applied(zxid);
        openingSessions.values().removeIf(z -> z <= zxid);
        closingSessions.values().removeIf(z -> z <= zxid);
    }

    /** Number of pending node records (ZooKeeper's outstandingChanges size). */
    public int pendingChangeCount() {
        return pending.size();
    }

    private record Ctx(Caller caller, List<AuthId> ids, long zxid, long timeMs) {
        long sessionId() {
            return caller.sessionId();
        }
    }

    private PrepResult multi(WriteRequest.Multi multi, Ctx ctx, TxnHeader header) {
        int mark = pending.mark();
        List<TxnBody.Sub> subs = new ArrayList<>(multi.ops().size());
        PrepFailure failure = null;
        for (WriteRequest op : multi.ops()) {
            if (failure != null) {
                subs.add(new TxnBody.Sub(OpCode.ERROR, new TxnBody.Error(KeeperCode.RUNTIMEINCONSISTENCY)));
                continue;
            }
            try {
                subs.add(new TxnBody.Sub(op.opCode(), single(op, ctx)));
            } catch (PrepFailure f) {
                failure = f;
                subs.add(new TxnBody.Sub(OpCode.ERROR, new TxnBody.Error(f.code)));
                pending.rollback(mark);
            }
        }
        return new PrepResult(new Txn(header, new TxnBody.Multi(subs)), failure == null ? KeeperCode.OK : failure.code);
    }

    private TxnBody single(WriteRequest r, Ctx ctx) throws PrepFailure {
        if (r instanceof WriteRequest.Create c) {
            return create(c, ctx);
        } else if (r instanceof WriteRequest.Delete d) {
            checkSession(ctx);
            return delete(d.path(), d.version(), ctx, false);
        } else if (r instanceof WriteRequest.DeleteContainer d) {
            return delete(d.path(), -1, ctx, true);
        } else if (r instanceof WriteRequest.SetData s) {
            return setData(s, ctx);
        } else if (r instanceof WriteRequest.SetAcl s) {
            return setAcl(s, ctx);
        } else if (r instanceof WriteRequest.Check c) {
            checkSession(ctx);
            validatePath(c.path());
            NodeRecord node = recordFor(c.path());
            aclCheck.check(node.acl(), Acl.READ, ctx.ids(), c.path());
            return new TxnBody.CheckVersion(c.path(), checkAndIncVersion(node.stat().version(), c.version(), c.path()));
        } else if (r instanceof WriteRequest.CreateSession s) {
            openingSessions.put(ctx.sessionId(), ctx.zxid());
            return new TxnBody.CreateSession(s.timeoutMs());
        } else if (r instanceof WriteRequest.CloseSession) {
            return closeSession(ctx);
        }
        throw new IllegalArgumentException("prep cannot handle " + r.getClass().getSimpleName());
    }

    // ---------------------------------------------------------------- create

    private TxnBody create(WriteRequest.Create c, Ctx ctx) throws PrepFailure {
        String path = c.path();
        CreateMode mode = CreateMode.fromFlag(c.flags(), path);
        if (mode.ttl && !config.extendedTypesEnabled()) {
            throw new PrepFailure(KeeperCode.UNIMPLEMENTED, path);
        }
        if (mode.ttl ? !EphemeralOwner.validTtl(c.ttlMs()) : c.ttlMs() >= 0) {
            throw new PrepFailure(KeeperCode.BADARGUMENTS, path);
        }
        checkSession(ctx);
        int lastSlash = path.lastIndexOf('/');
        if (lastSlash == -1 || path.indexOf('\0') != -1) {
            throw new PrepFailure(KeeperCode.BADARGUMENTS, path);
        }
        String parentPath = normalize(path.substring(0, lastSlash));
        List<Acl> acl = aclCheck.fixup(c.acl(), ctx.ids(), path);
        NodeRecord parent = recordFor(parentPath);
        aclCheck.check(parent.acl(), Acl.CREATE, ctx.ids(), path);
        int parentCVersion = parent.stat().cversion();
        if (mode.sequential) {
            path = path + String.format(Locale.ENGLISH, "%010d", parentCVersion);
        }
        validatePath(path);
        if (recordOrNull(path) != null) {
            throw new PrepFailure(KeeperCode.NODEEXISTS, path);
        }
        if (kind(parent.stat().ephemeralOwner()) == EphemeralOwner.Kind.NORMAL) {
            throw new PrepFailure(KeeperCode.NOCHILDRENFOREPHEMERALS, path);
        }
        int newCversion = parentCVersion + 1;
        checkQuota(path, null, c.data(), true, ctx.timeMs());
        TxnBody txn;
        if (c.opCode() == OpCode.CREATE_CONTAINER) {
            txn = new TxnBody.CreateContainer(path, c.data(), acl, newCversion);
        } else if (c.opCode() == OpCode.CREATE_TTL) {
            txn = new TxnBody.CreateTtl(path, c.data(), acl, newCversion, c.ttlMs());
        } else {
            txn = new TxnBody.Create(path, c.data(), acl, mode.ephemeral, newCversion);
        }
        long owner = mode.container ? EphemeralOwner.CONTAINER
                : mode.ttl ? EphemeralOwner.ttlOwner(c.ttlMs()) : mode.ephemeral ? ctx.sessionId() : 0;
        StatPersisted p = parent.stat();
        pending.add(ctx.zxid(), parentPath, new NodeRecord(new StatPersisted(p.czxid(), p.mzxid(), p.ctime(),
                p.mtime(), p.version(), newCversion, p.aversion(), p.ephemeralOwner(), ctx.zxid()),
                parent.childCount() + 1, parent.acl(), parent.data()));
        StatPersisted s = new StatPersisted(ctx.zxid(), ctx.zxid(), ctx.timeMs(), ctx.timeMs(), 0, 0, 0, owner,
                ctx.zxid());
        pending.add(ctx.zxid(), path, new NodeRecord(s, 0, acl, c.data()));
        return txn;
    }

    /** ZooKeeper's CreateMode, from the request's flags (BADARGUMENTS for an unknown flag). */
    private record CreateMode(boolean ephemeral, boolean sequential, boolean container, boolean ttl) {
        static CreateMode fromFlag(int flag, String path) throws PrepFailure {
            return switch (flag) {
                case 0 -> new CreateMode(false, false, false, false);
                case 1 -> new CreateMode(true, false, false, false);
                case 2 -> new CreateMode(false, true, false, false);
                case 3 -> new CreateMode(true, true, false, false);
                case 4 -> new CreateMode(false, false, true, false);
                case 5 -> new CreateMode(false, false, false, true);
                case 6 -> new CreateMode(false, true, false, true);
                default -> throw new PrepFailure(KeeperCode.BADARGUMENTS, path);
            };
        }
    }

    // ---------------------------------------------------------------- delete, setData, setACL

    private TxnBody delete(String path, int version, Ctx ctx, boolean container) throws PrepFailure {
        int lastSlash = path.lastIndexOf('/');
        if (lastSlash == -1 || path.indexOf('\0') != -1 || SPECIAL_PATHS.contains(path)) {
            throw new PrepFailure(KeeperCode.BADARGUMENTS, path);
        }
        String parentPath = normalize(path.substring(0, lastSlash));
        NodeRecord parent;
        NodeRecord node;
        if (container) {
            node = recordFor(path);
            if (node.childCount() > 0) {
                throw new PrepFailure(KeeperCode.NOTEMPTY, path);
            }
            if (kind(node.stat().ephemeralOwner()) == EphemeralOwner.Kind.NORMAL) {
                throw new PrepFailure(KeeperCode.BADVERSION, path);
            }
            parent = recordFor(parentPath);
        } else {
            parent = recordFor(parentPath);
            aclCheck.check(parent.acl(), Acl.DELETE, ctx.ids(), path);
            node = recordFor(path);
            checkAndIncVersion(node.stat().version(), version, path);
            if (node.childCount() > 0) {
                throw new PrepFailure(KeeperCode.NOTEMPTY, path);
            }
        }
        pending.add(ctx.zxid(), parentPath, withPzxid(parent, parent.childCount() - 1, ctx.zxid()));
        pending.add(ctx.zxid(), path, new NodeRecord(null, -1, null, null));
        return new TxnBody.Delete(path);
    }

    private TxnBody setData(WriteRequest.SetData s, Ctx ctx) throws PrepFailure {
        checkSession(ctx);
        String path = s.path();
        validatePath(path);
        NodeRecord node = recordFor(path);
        aclCheck.check(node.acl(), Acl.WRITE, ctx.ids(), path);
        checkQuota(path, node.data(), s.data(), false, ctx.timeMs());
        int newVersion = checkAndIncVersion(node.stat().version(), s.version(), path);
        StatPersisted p = node.stat();
        pending.add(ctx.zxid(), path, new NodeRecord(new StatPersisted(p.czxid(), ctx.zxid(), p.ctime(), ctx.timeMs(),
                newVersion, p.cversion(), p.aversion(), p.ephemeralOwner(), p.pzxid()), node.childCount(), node.acl(),
                s.data()));
        return new TxnBody.SetData(path, s.data(), newVersion);
    }

    /**
     * setACL. Deliberate difference: the pending record carries the new ACL, so later requests
     * prepared before this one is applied are checked against it; ZooKeeper's pending record keeps
     * the old ACL until the setACL is applied.
     */
    private TxnBody setAcl(WriteRequest.SetAcl s, Ctx ctx) throws PrepFailure {
        checkSession(ctx);
        String path = s.path();
        validatePath(path);
        List<Acl> acl = aclCheck.fixup(s.acl(), ctx.ids(), path);
        NodeRecord node = recordFor(path);
        aclCheck.check(node.acl(), Acl.ADMIN, ctx.ids(), path);
        int newVersion = checkAndIncVersion(node.stat().aversion(), s.version(), path);
        StatPersisted p = node.stat();
        pending.add(ctx.zxid(), path, new NodeRecord(new StatPersisted(p.czxid(), p.mzxid(), p.ctime(), p.mtime(),
                p.version(), p.cversion(), newVersion, p.ephemeralOwner(), p.pzxid()), node.childCount(), acl,
                node.data()));
        return new TxnBody.SetAcl(path, acl, newVersion);
    }

    // ---------------------------------------------------------------- sessions

    /**
     * closeSession: paths2Delete = the session's ephemerals in the tree, adjusted by pending
     * changes (pending deletes removed, pending creates owned by the session added), in path order
     * (ZooKeeper: hash-set order). Each gets a pending delete, and its parent a pending pzxid and one
     * child fewer. Deliberate difference: ZooKeeper (digest enabled) leaves the parent's pending child
     * count as it was, so a delete of that parent prepared in the window fails with NOTEMPTY or not
     * depending on apply timing.
     */
    private TxnBody closeSession(Ctx ctx) throws PrepFailure {
        long sessionId = ctx.sessionId();
        TreeSet<String> es = new TreeSet<>(tree.getEphemerals(sessionId));
        pending.forEach((path, record) -> {
            if (record.stat() == null) {
                es.remove(path);
            } else if (record.stat().ephemeralOwner() == sessionId) {
                es.add(path);
            }
        });
        for (String path : es) {
            int lastSlash = path.lastIndexOf('/');
            if (lastSlash == -1 || SPECIAL_PATHS.contains(path)) {
                throw new PrepFailure(KeeperCode.BADARGUMENTS, path);
            }
            String parentPath = normalize(path.substring(0, lastSlash));
            NodeRecord parent = recordFor(parentPath);
            pending.add(ctx.zxid(), parentPath, withPzxid(parent, parent.childCount() - 1, ctx.zxid()));
            pending.add(ctx.zxid(), path, new NodeRecord(null, 0, null, null));
        }
        closingSessions.put(sessionId, ctx.zxid());
        return new TxnBody.CloseSession(new ArrayList<>(es));
    }

    private void checkSession(Ctx ctx) throws PrepFailure {
        if (!config.checkSessions()) {
            return;
        }
        long id = ctx.sessionId();
        boolean open = tree.sessions().containsKey(id) || openingSessions.containsKey(id);
        if (!open || closingSessions.containsKey(id)) {
            throw new PrepFailure(KeeperCode.SESSIONEXPIRED, null);
        }
    }

    // ---------------------------------------------------------------- quota

    /**
     * ZooKeeper's checkQuota (only with enforceQuota): against the applied tree, the closest quota
     * above {@code path}; a breach of a hard limit fails with QUOTAEXCEEDED, of a soft limit is logged.
     */
    private void checkQuota(String path, byte[] lastData, byte[] data, boolean create, long nowMs) throws PrepFailure {
        if (!config.enforceQuota()) {
            return;
        }
        String quotaPath = tree.maxPrefixWithQuota(path);
        if (quotaPath == null) {
            return;
        }
        NodeRecord limitNode = tree.nodeRecord(QuotaStats.limitPath(quotaPath));
        if (limitNode == null) {
            return;
        }
        QuotaStats limits = QuotaStats.parse(limitNode.data());
        long bytesDiff = lengthOf(data) - (create ? 0 : lengthOf(lastData));
        long countDiff = create ? 1 : 0;
        boolean checkCount = countDiff != 0
                && (limits.get(QuotaStats.COUNT) > -1 || limits.get(QuotaStats.COUNT_HARD_LIMIT) > -1);
        boolean checkBytes = bytesDiff != 0
                && (limits.get(QuotaStats.BYTES) > -1 || limits.get(QuotaStats.BYTE_HARD_LIMIT) > -1);
        NodeRecord statNode = tree.nodeRecord(QuotaStats.statPath(quotaPath));
        if ((!checkCount && !checkBytes) || statNode == null) {
            return;
        }
        QuotaStats current = QuotaStats.parse(statNode.data());
        if (checkCount) {
            checkLimit(quotaPath, "count", current.get(QuotaStats.COUNT) + countDiff,
                    limits.get(QuotaStats.COUNT_HARD_LIMIT), limits.get(QuotaStats.COUNT), nowMs);
        }
        if (checkBytes) {
            checkLimit(quotaPath, "bytes", current.get(QuotaStats.BYTES) + bytesDiff,
                    limits.get(QuotaStats.BYTE_HARD_LIMIT), limits.get(QuotaStats.BYTES), nowMs);
        }
    }

    private void checkLimit(String quotaPath, String what, long value, long hard, long soft, long nowMs)
            throws PrepFailure {
        boolean isHard = hard > -1;
        long limit = isHard ? hard : soft;
        if (value > limit) {
            if (nowMs - lastQuotaWarnMs >= QUOTA_WARN_INTERVAL_MS) {
                LOG.warn("Quota exceeded: {} [{}={}, {} limit={}] ({} more breaches not logged)", quotaPath, what, value,
                        isHard ? "hard" : "soft", limit, quotaWarningsSuppressed);
                lastQuotaWarnMs = nowMs;
                quotaWarningsSuppressed = 0;
            } else {
                quotaWarningsSuppressed++;
            }
            if (isHard) {
                throw new PrepFailure(KeeperCode.QUOTAEXCEEDED, quotaPath);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The pending record of {@code path}, else the tree's; NONODE if neither has a live node. */
    private NodeRecord recordFor(String path) throws PrepFailure {
        NodeRecord r = recordOrNull(path);
        if (r == null) {
            throw new PrepFailure(KeeperCode.NONODE, path);
        }
        return r;
    }

    private NodeRecord recordOrNull(String path) {
        String p = normalize(path);
        NodeRecord r = pending.get(p); // one lookup: a pending record is never null, a pending delete has no stat
        if (r != null) {
            return r.stat() == null ? null : r;
        }
        return tree.nodeRecord(p);
    }

    private static NodeRecord withPzxid(NodeRecord r, int childCount, long zxid) {
        StatPersisted p = r.stat();
        return new NodeRecord(new StatPersisted(p.czxid(), p.mzxid(), p.ctime(), p.mtime(), p.version(), p.cversion(),
                p.aversion(), p.ephemeralOwner(), zxid), childCount, r.acl(), r.data());
    }

    private EphemeralOwner.Kind kind(long owner) {
        return EphemeralOwner.kind(owner, config.extendedTypesEnabled());
    }

    private static void validatePath(String path) throws PrepFailure {
        if (!PathValidation.isValid(path)) {
            throw new PrepFailure(KeeperCode.BADARGUMENTS, path);
        }
    }

    private static int checkAndIncVersion(int current, int expected, String path) throws PrepFailure {
        if (expected != -1 && expected != current) {
            throw new PrepFailure(KeeperCode.BADVERSION, path);
        }
        return current + 1;
    }

    /** ZooKeeper keys the root as "" when it is a parent and "/" otherwise; both are "/" here. */
    private static String normalize(String path) {
        return path.isEmpty() ? DataTree.ROOT : path;
    }

    private static long lengthOf(byte[] data) {
        return data == null ? 0 : data.length;
    }
}
