package io.zabd.engine.tree;

import io.zabd.engine.snapshot.DeltaSource;
import io.zabd.engine.snapshot.RecordedChanges;
import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.util.Invariants;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The replicated state machine: znodes with ZooKeeper 3.9's exact stat rules, sessions and their
 * ephemerals, containers and TTL nodes, the reference-counted ACL table, quotas and an incremental
 * tree digest (see {@link NodeDigest}). Single-threaded: owned by the apply stage; prep reads it on
 * the same thread (or while apply is paused).
 *
 * <p>{@link #apply(Txn)} is deterministic: replicas applying the same transactions end with equal
 * nodes, stats, ACL refs, sessions and digest. The tree records what changed since the last
 * {@link #captureChanges} (each changed node's image, as it changes), so capturing is O(1) on the
 * apply thread and writing a snapshot costs O(changes) on the writer's.
 */
public final class DataTree {
    public static final String ROOT = "/";
    public static final String ZOOKEEPER = "/zookeeper";
    public static final String CONFIG = "/zookeeper/config";
    private static final StatPersisted ZERO_STAT = new StatPersisted(0, 0, 0, 0, 0, 0, 0, 0, 0);
    /** Upper bound on the expected size a new change list is allocated for (a bound on that allocation). */
    private static final int CHANGE_LIST_PRESIZE_MAX = 1 << 18;

    final boolean extendedTypesEnabled;
    final Map<String, DataNode> nodes = new HashMap<>();
    final Map<Long, Integer> sessions = new TreeMap<>();
    final Map<Long, NavigableSet<String>> ephemerals = new HashMap<>();
    final NavigableSet<String> containers = new TreeSet<>();
    final NavigableSet<String> ttls = new TreeSet<>();
    final NavigableSet<String> quotaPaths = new TreeSet<>();
    final AclTable acls;
    /**
     * What changed since the last capture, recorded where it changes: each changed node's image after
     * its newest change, one slot a node (the node knows its slot, see {@link DataNode#recordIndex});
     * a slot is null when its node was deleted afterwards. Paths deleted since the capture are in
     * {@link #deletedPaths}, also when a node was created at the path again (the delta's builder
     * drops those). A capture gives these away and starts new ones in a new period.
     */
    private ArrayList<NodeImage> changedNodes = new ArrayList<>();
    private HashSet<String> deletedPaths = new HashSet<>();
    /** The recording period; a node whose {@code recordEpoch} differs has no slot in {@link #changedNodes}. */
    private int recordEpoch = 1;
    /** ACL ref to its list (null: removed) and session id to its timeout (null: closed), changed since the capture. */
    private Map<Long, List<Acl>> changedAcls = new HashMap<>();
    private Map<Long, Integer> changedSessions = new HashMap<>();
    /** False only while a {@link TreeLoader} fills the tree (its end starts recording). */
    private boolean recordingNodes;
    /** True until the first capture of a tree built from scratch: the change maps then hold it all. */
    private boolean changesCoverWholeTree;
    private final TxnApplier applier = new TxnApplier(this);
    private long digest;
    private long dataSize;
    long lastProcessedZxid;

    /**
     * A tree with ZooKeeper's system nodes: "/", "/zookeeper", "/zookeeper/quota" (empty data, ACL
     * ref -1, all-zero stats) and "/zookeeper/config" (ACL READ_ACL_UNSAFE, aversion -1, as
     * ZooKeeper's addConfigNode leaves it). Adding a child does not bump the parent's cversion here.
     *
     * @param extendedTypesEnabled ZooKeeper's {@code zookeeper.extendedTypesEnabled}: whether an
     *     ephemeralOwner with high byte 0xff means a TTL node; must be equal on every replica
     */
    public DataTree(boolean extendedTypesEnabled) {
        this(extendedTypesEnabled, true);
    }

    DataTree(boolean extendedTypesEnabled, boolean withSystemNodes) {
        this.extendedTypesEnabled = extendedTypesEnabled;
        this.recordingNodes = withSystemNodes;
        this.changesCoverWholeTree = withSystemNodes;
        this.acls = new AclTable((ref, acl) -> changedAcls.put(ref, acl));
        if (withSystemNodes) {
            putNode(ROOT, new DataNode(new byte[0], AclTable.OPEN_ACL_UNSAFE_REF, ZERO_STAT));
            addSystemChild(ZOOKEEPER, AclTable.OPEN_ACL_UNSAFE_REF, 0);
            addSystemChild(QuotaStats.QUOTA_ROOT, AclTable.OPEN_ACL_UNSAFE_REF, 0);
            addSystemChild(CONFIG, acls.addUsage(Acl.READ_ACL_UNSAFE), -1);
        }
    }

    private void addSystemChild(String path, long aclRef, int aversion) {
        StatPersisted s = new StatPersisted(0, 0, 0, 0, 0, 0, aversion, 0, 0);
        nodes.get(parentOf(path)).addChild(path);
        putNode(path, new DataNode(new byte[0], aclRef, s));
    }

    // ---------------------------------------------------------------- apply

    /** Applies one committed transaction as ZooKeeper's DataTree.processTxn does; see {@link ApplyResult}. */
    public ApplyResult apply(Txn txn) {
        ApplyResult result = applier.apply(txn);
        lastProcessedZxid = Math.max(lastProcessedZxid, txn.zxid());
        return result;
    }

    public long lastProcessedZxid() {
        return lastProcessedZxid;
    }

    /** Whether an ephemeralOwner with high byte 0xff means a TTL node here (ZooKeeper's extendedTypesEnabled). */
    public boolean extendedTypesEnabled() {
        return extendedTypesEnabled;
    }

    /** createNode: returns OK, NONODE (no parent) or NODEEXISTS; on OK fills {@code out} with the new Stat. */
    int createNode(String path, byte[] data, List<Acl> acl, long owner, int parentCVersion, long zxid, long time,
            List<WatchTrigger> triggers, Stat[] out) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return KeeperCode.NONODE;
        }
        String parentName = path.substring(0, slash);
        String childName = path.substring(slash + 1);
        DataNode parent = nodes.get(parentName.isEmpty() ? ROOT : parentName);
        if (parent == null) {
            return KeeperCode.NONODE;
        }
        if (nodes.containsKey(path)) {
            return KeeperCode.NODEEXISTS;
        }
        String parentPath = parentName.isEmpty() ? ROOT : parentName;
        int cversion = parentCVersion == -1 ? parent.stat.cversion() + 1 : parentCVersion;
        beginChange(parentPath, parent);
        parent.addChild(path); // the instance putNode keys the child by
        if (cversion > parent.stat.cversion()) {
            StatPersisted p = parent.stat;
            parent.stat = new StatPersisted(p.czxid(), p.mzxid(), p.ctime(), p.mtime(), p.version(), cversion,
                    p.aversion(), p.ephemeralOwner(), zxid);
        }
        endChange(parentPath, parent);
        StatPersisted stat = new StatPersisted(zxid, zxid, time, time, 0, 0, 0, owner, zxid);
        DataNode child = new DataNode(data, acls.addUsage(acl), stat);
        putNode(path, child);
        switch (EphemeralOwner.kind(owner, extendedTypesEnabled)) {
            case CONTAINER -> containers.add(path);
            case TTL -> ttls.add(path);
            case NORMAL -> ephemerals.computeIfAbsent(owner, k -> new TreeSet<>()).add(path);
            default -> { }
        }
        if (out != null) {
            out[0] = Stat.of(stat, data, 0, extendedTypesEnabled);
        }
        String quotaPath = QuotaStats.quotaPathOf(parentName);
        if (quotaPath != null && QuotaStats.LIMIT_NODE.equals(childName)) {
            quotaPaths.add(quotaPath);
        }
        if (quotaPath != null && QuotaStats.STAT_NODE.equals(childName)) {
            recountQuota(quotaPath);
        }
        updateQuotaStat(maxPrefixWithQuota(path), lengthOf(data), 1);
        triggers.add(new WatchTrigger(WatchTrigger.NODE_CREATED, path));
        triggers.add(new WatchTrigger(WatchTrigger.NODE_CHILDREN_CHANGED, parentPath));
        return KeeperCode.OK;
    }

    /**
     * deleteNode: as ZooKeeper, the parent's pzxid moves to {@code zxid} (if larger) even when the
     * child turns out not to exist; the parent's cversion does not change on delete.
     */
    int deleteNode(String path, long zxid, List<WatchTrigger> triggers) {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || ROOT.equals(path)) {
            return KeeperCode.NONODE;
        }
        String parentName = path.substring(0, slash);
        String parentPath = parentName.isEmpty() ? ROOT : parentName;
        String childName = path.substring(slash + 1);
        DataNode parent = nodes.get(parentPath);
        if (parent == null) {
            return KeeperCode.NONODE;
        }
        boolean removed = parent.removeChild(path);
        if (zxid > parent.stat.pzxid()) {
            beginChange(parentPath, parent);
            StatPersisted p = parent.stat;
            parent.stat = new StatPersisted(p.czxid(), p.mzxid(), p.ctime(), p.mtime(), p.version(), p.cversion(),
                    p.aversion(), p.ephemeralOwner(), zxid);
            endChange(parentPath, parent);
        }
        DataNode node = nodes.get(path);
        if (node == null) {
            Invariants.check(!removed, "child %s listed by its parent but not in the tree", path);
            return KeeperCode.NONODE;
        }
        Invariants.check(node.childCount() == 0, "deleting %s which has children", path);
        removeNode(path, node);
        acls.removeUsage(node.aclRef);
        long owner = node.stat.ephemeralOwner();
        switch (EphemeralOwner.kind(owner, extendedTypesEnabled)) {
            case CONTAINER -> containers.remove(path);
            case TTL -> ttls.remove(path);
            case NORMAL -> {
                NavigableSet<String> set = ephemerals.get(owner);
                if (set != null) {
                    set.remove(path);
                    if (set.isEmpty()) {
                        ephemerals.remove(owner);
                    }
                }
            }
            default -> { }
        }
        String quotaPath = QuotaStats.quotaPathOf(parentName);
        if (quotaPath != null && QuotaStats.LIMIT_NODE.equals(childName)) {
            quotaPaths.remove(quotaPath);
        }
        updateQuotaStat(maxPrefixWithQuota(path), -lengthOf(node.data), -1);
        triggers.add(new WatchTrigger(WatchTrigger.NODE_DELETED, path));
        triggers.add(new WatchTrigger(WatchTrigger.NODE_CHILDREN_CHANGED, parentPath));
        return KeeperCode.OK;
    }

    /** setData: data, mtime, mzxid and version (the txn's, already incremented by prep) change. */
    Stat setData(String path, byte[] data, int version, long zxid, long time, List<WatchTrigger> triggers) {
        DataNode n = nodes.get(path);
        if (n == null) {
            return null;
        }
        byte[] last = n.data;
        beginChange(path, n);
        StatPersisted s = n.stat;
        n.stat = new StatPersisted(s.czxid(), zxid, s.ctime(), time, version, s.cversion(), s.aversion(),
                s.ephemeralOwner(), s.pzxid());
        n.data = data;
        dataSize += lengthOf(data) - lengthOf(last);
        endChange(path, n);
        Stat out = Stat.of(n.stat, n.data, n.childCount(), extendedTypesEnabled);
        updateQuotaStat(maxPrefixWithQuota(path), lengthOf(data) - lengthOf(last), 0);
        triggers.add(new WatchTrigger(WatchTrigger.NODE_DATA_CHANGED, path));
        return out;
    }

    /** setACL: the ACL ref and aversion change; no watch fires. */
    Stat setAcl(String path, List<Acl> acl, int version) {
        DataNode n = nodes.get(path);
        if (n == null) {
            return null;
        }
        beginChange(path, n);
        acls.removeUsage(n.aclRef);
        n.aclRef = acls.addUsage(acl);
        StatPersisted s = n.stat;
        n.stat = new StatPersisted(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion(), version,
                s.ephemeralOwner(), s.pzxid());
        endChange(path, n);
        return Stat.of(n.stat, n.data, n.childCount(), extendedTypesEnabled);
    }

    /** After a plain create failed with NODEEXISTS: ZooKeeper still moves the parent's cversion/pzxid forward. */
    void setCversionPzxid(String path, int newCversion, long zxid) {
        DataNode n = nodes.get(path.isEmpty() ? ROOT : path);
        if (n == null) {
            return;
        }
        int cversion = newCversion == -1 ? n.stat.cversion() + 1 : newCversion;
        if (cversion > n.stat.cversion()) {
            String p = path.isEmpty() ? ROOT : path;
            beginChange(p, n);
            StatPersisted s = n.stat;
            n.stat = new StatPersisted(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), cversion,
                    s.aversion(), s.ephemeralOwner(), zxid);
            endChange(p, n);
        }
    }

    void createSession(long sessionId, int timeoutMs) {
        sessions.put(sessionId, timeoutMs);
        changedSessions.put(sessionId, timeoutMs);
    }

    /**
     * closeSession: the session leaves the table; the txn's paths2Delete are deleted first (a missing
     * one is ignored), then any ephemeral of the session still left, in path order.
     */
    void killSession(long sessionId, long zxid, List<String> paths2Delete, List<WatchTrigger> triggers) {
        if (sessions.remove(sessionId) != null) {
            changedSessions.put(sessionId, null);
        }
        NavigableSet<String> local = ephemerals.remove(sessionId);
        for (String path : paths2Delete) {
            deleteNode(path, zxid, triggers);
        }
        if (local != null) {
            Set<String> inTxn = new HashSet<>(paths2Delete);
            for (String path : local) {
                if (!inTxn.contains(path)) {
                    deleteNode(path, zxid, triggers);
                }
            }
        }
    }

    // ---------------------------------------------------------------- quotas

    /** The longest path with a quota that is {@code path} or an ancestor of it; null if none (never "/"). */
    public String maxPrefixWithQuota(String path) {
        String best = null;
        if (quotaPaths.isEmpty()) {
            return null;
        }
        int from = 1;
        while (true) {
            int slash = path.indexOf('/', from);
            String prefix = slash < 0 ? path : path.substring(0, slash);
            if (quotaPaths.contains(prefix)) {
                best = prefix;
            }
            if (slash < 0) {
                return best;
            }
            from = slash + 1;
        }
    }

    private void updateQuotaStat(String quotaPath, long bytesDiff, int countDiff) {
        if (quotaPath == null) {
            return;
        }
        String statPath = QuotaStats.statPath(quotaPath);
        DataNode statNode = nodes.get(statPath);
        if (statNode == null) {
            return;
        }
        QuotaStats s = QuotaStats.parse(statNode.data);
        s.set(QuotaStats.COUNT, s.get(QuotaStats.COUNT) + countDiff);
        s.set(QuotaStats.BYTES, s.get(QuotaStats.BYTES) + bytesDiff);
        replaceDataKeepStat(statPath, statNode, s.toBytes());
    }

    /** ZooKeeper's updateQuotaForPath: the stats node gets the subtree's current count and bytes. */
    private void recountQuota(String quotaPath) {
        long[] countBytes = new long[2];
        countSubtree(quotaPath, countBytes);
        String statPath = QuotaStats.statPath(quotaPath);
        DataNode statNode = nodes.get(statPath);
        if (statNode != null) {
            replaceDataKeepStat(statPath, statNode, QuotaStats.of(countBytes[0], countBytes[1]).toBytes());
        }
    }

    /** Count and data bytes of {@code path} and everything below it; iterative (paths can be very deep). */
    private void countSubtree(String path, long[] countBytes) {
        ArrayDeque<String> todo = new ArrayDeque<>();
        todo.push(path);
        while (!todo.isEmpty()) {
            String p = todo.pop();
            DataNode n = nodes.get(p);
            if (n == null) {
                continue;
            }
            countBytes[0]++;
            countBytes[1] += lengthOf(n.data);
            for (String child : n.sortedChildren()) {
                todo.push(childPath(p, child));
            }
        }
    }

    /** Quota bookkeeping rewrites a stats node's data without touching its stat, as ZooKeeper does. */
    private void replaceDataKeepStat(String path, DataNode n, byte[] data) {
        beginChange(path, n);
        dataSize += lengthOf(data) - lengthOf(n.data);
        n.data = data;
        endChange(path, n);
    }

    // ---------------------------------------------------------------- bookkeeping

    private void beginChange(String path, DataNode n) {
        digest -= n.digest;
    }

    private void endChange(String path, DataNode n) {
        String key = n.path != null ? n.path : path;
        n.digest = NodeDigest.of(key, n.data, n.stat);
        digest += n.digest;
        record(key, n);
    }

    /** Records {@code n}'s image, in its slot of this period or a new one. */
    private void record(String key, DataNode n) {
        NodeImage image = new NodeImage(key, n.data, n.aclRef, n.stat);
        if (n.recordEpoch == recordEpoch) {
            changedNodes.set(n.recordIndex, image);
        } else {
            n.recordEpoch = recordEpoch;
            n.recordIndex = changedNodes.size();
            changedNodes.add(image);
        }
    }

    void putNode(String path, DataNode n) {
        n.path = path;
        n.digest = NodeDigest.of(path, n.data, n.stat);
        DataNode old = nodes.put(path, n);
        Invariants.check(old == null, "node %s added twice", path);
        digest += n.digest;
        dataSize += path.length() + lengthOf(n.data);
        if (recordingNodes) {
            record(path, n);
        }
    }

    private void removeNode(String path, DataNode n) {
        nodes.remove(path);
        digest -= n.digest;
        dataSize -= path.length() + lengthOf(n.data);
        if (n.recordEpoch == recordEpoch) {
            changedNodes.set(n.recordIndex, null);
        }
        deletedPaths.add(n.path != null ? n.path : path);
    }

    static int lengthOf(byte[] data) {
        return data == null ? 0 : data.length;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? ROOT : path.substring(0, slash);
    }

    static String childNameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String childPath(String parent, String child) {
        return ROOT.equals(parent) ? "/" + child : parent + "/" + child;
    }

    // ---------------------------------------------------------------- reads

    /** The node at {@code path}, or null. */
    public NodeView getNode(String path) {
        DataNode n = nodes.get(path);
        if (n == null) {
            return null;
        }
        return new NodeView(path, n.data, Stat.of(n.stat, n.data, n.childCount(), extendedTypesEnabled), acls.get(n.aclRef),
                n.sortedChildren());
    }

    /** What prep needs of a node (no copy of the children), or null. */
    public NodeRecord nodeRecord(String path) {
        DataNode n = nodes.get(path);
        return n == null ? null : new NodeRecord(n.stat, n.childCount(), acls.get(n.aclRef), n.data);
    }

    /** The Stat of {@code path}, or null if there is no such node. */
    public Stat exists(String path) {
        DataNode n = nodes.get(path);
        return n == null ? null : Stat.of(n.stat, n.data, n.childCount(), extendedTypesEnabled);
    }

    /** Child names, sorted; null if there is no such node. */
    public List<String> getChildren(String path) {
        DataNode n = nodes.get(path);
        return n == null ? null : n.sortedChildren();
    }

    /** Number of nodes below {@code path} (all descendants); 0 for a missing node, as ZooKeeper. */
    public int getAllChildrenNumber(String path) {
        DataNode n = nodes.get(path);
        if (n == null) {
            return 0;
        }
        if (ROOT.equals(path)) {
            return nodes.size() - 1;
        }
        long[] countBytes = new long[2];
        countSubtree(path, countBytes);
        return (int) countBytes[0] - 1;
    }

    /** Number of znodes, root included. ZooKeeper's getNodeCount (zk_znode_count) is one more (its root alias ""). */
    public int nodeCount() {
        return nodes.size();
    }

    /**
     * Sum of path lengths and data lengths over all nodes, as ZooKeeper's approximateDataSize (which
     * also counts the root's data a second time, under its alias "").
     */
    public long approximateDataSize() {
        return dataSize + lengthOf(nodes.get(ROOT).data);
    }

    /** The session's ephemeral paths, sorted (ZooKeeper: hash-set order). */
    public List<String> getEphemerals(long sessionId) {
        NavigableSet<String> set = ephemerals.get(sessionId);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Session id to negotiated timeout of every open session. */
    public Map<Long, Integer> sessions() {
        return Collections.unmodifiableMap(sessions);
    }

    /** ACL list of a ref; for tools and tests. */
    public List<Acl> aclOf(long ref) {
        return acls.get(ref);
    }

    public int aclTableSize() {
        return acls.size();
    }

    /** Containers ZooKeeper's ContainerManager would delete: no children and cversion > 0, in path order. */
    public List<String> containerCandidates() {
        List<String> out = new ArrayList<>();
        for (String path : containers) {
            DataNode n = nodes.get(path);
            if (n != null && n.childCount() == 0 && n.stat.cversion() > 0) {
                out.add(path);
            }
        }
        return out;
    }

    /** TTL nodes without children whose {@code nowMs - mtime} exceeds their TTL, in path order. */
    public List<String> expiredTtlNodes(long nowMs) {
        List<String> out = new ArrayList<>();
        for (String path : ttls) {
            DataNode n = nodes.get(path);
            if (n != null && n.childCount() == 0) {
                long ttl = EphemeralOwner.ttlMs(n.stat.ephemeralOwner());
                if (ttl != 0 && nowMs - n.stat.mtime() > ttl) {
                    out.add(path);
                }
            }
        }
        return out;
    }

    /** The incrementally maintained digest: sum of {@link NodeDigest} over all nodes. */
    public long digest() {
        return digest;
    }

    /** The digest recomputed from every node; equal to {@link #digest()} unless the tree is broken. */
    public long computeDigest() {
        long sum = 0;
        for (Map.Entry<String, DataNode> e : nodes.entrySet()) {
            DataNode n = e.getValue();
            sum += NodeDigest.of(e.getKey(), n.data, n.stat);
        }
        return sum;
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * The change set since the previous capture (or, if {@code full}, every node, ACL entry and
     * session), then starts recording afresh; the same as {@code captureChanges(zxid, full).toDelta()}.
     */
    public SnapshotDelta captureDelta(long zxid, boolean full) {
        return captureChanges(zxid, full).toDelta();
    }

    /**
     * What a snapshot at {@code zxid} must write, then starts recording afresh. Without {@code full}
     * this is O(1): the tree records each change's image where it happens, and here only gives its
     * change maps away (a {@link RecordedChanges}, whose lists are built by whoever calls
     * {@link DeltaSource#toDelta()}: the snapshot writer's thread, not the apply thread, which
     * applies no write while it captures). With {@code full}, every node, ACL entry and session,
     * walked now (O(tree)): first snapshot, or a SNAP replacing the store.
     */
    public DeltaSource captureChanges(long zxid, boolean full) {
        DeltaSource out;
        if (full) {
            List<NodeImage> upserted = new ArrayList<>(nodes.size());
            addSubtreeImages(ROOT, upserted);
            out = new SnapshotDelta(zxid, digest, true, upserted, new ArrayList<>(), new HashMap<>(acls.entries()),
                    new ArrayList<>(), new HashMap<>(sessions), new ArrayList<>());
        } else {
            out = new RecordedChanges(zxid, digest, changedNodes, deletedPaths, changedAcls, changedSessions);
        }
        startRecording(changedNodes.size());
        changesCoverWholeTree = false;
        return out;
    }

    /**
     * Whether the changes recorded so far hold every node, ACL entry and session of the tree: true
     * for a tree built from scratch (system nodes, then applied transactions) until its first
     * capture; false for a loaded tree. Then a delta capture written into an empty snapshot store
     * stores the whole tree without walking it on the apply thread.
     */
    public boolean changesCoverWholeTree() {
        return changesCoverWholeTree;
    }

    /**
     * A new recording period with new change collections; the node list is sized for as many changes
     * as the last period had (capped), so it does not grow its way up again on the apply thread.
     */
    private void startRecording(int lastNodeChanges) {
        recordEpoch++;
        changedNodes = new ArrayList<>(Math.max(16, Math.min(lastNodeChanges, CHANGE_LIST_PRESIZE_MAX)));
        deletedPaths = new HashSet<>();
        changedAcls = new HashMap<>();
        changedSessions = new HashMap<>();
    }

    /** Images of the subtree at {@code path}, each parent before its children; iterative (paths can be very deep). */
    private void addSubtreeImages(String path, List<NodeImage> out) {
        ArrayDeque<String> todo = new ArrayDeque<>();
        todo.push(path);
        while (!todo.isEmpty()) {
            String p = todo.pop();
            DataNode n = nodes.get(p);
            out.add(new NodeImage(p, n.data, n.aclRef, n.stat));
            List<String> children = n.sortedChildren();
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(childPath(p, children.get(i)));
            }
        }
    }

    /** Orders paths so that a parent comes before its children (by depth, then by name). */
    static int parentsFirst(String a, String b) {
        int da = depth(a);
        int db = depth(b);
        return da != db ? Integer.compare(da, db) : a.compareTo(b);
    }

    private static int depth(String path) {
        if (ROOT.equals(path)) {
            return 0;
        }
        int d = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                d++;
            }
        }
        return d;
    }

    /** Starts recording changes afresh without building a delta (after a load). */
    void forgetChanges() {
        startRecording(0);
        recordingNodes = true;
        changesCoverWholeTree = false;
    }

    /** A sink that rebuilds a tree from a stored snapshot; see {@link TreeLoader}. */
    public static TreeLoader loader(boolean extendedTypesEnabled) {
        return new TreeLoader(new DataTree(extendedTypesEnabled, false));
    }
}
