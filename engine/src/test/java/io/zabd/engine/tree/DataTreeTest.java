package io.zabd.engine.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Goal: each ZooKeeper stat rule, the digest, ACL ref counting, quota bookkeeping and snapshot deltas/rebuild of DataTree. */
class DataTreeTest {
    private static final long S1 = 0x0100_0000_0000_0001L;
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    private final DataTree tree = new DataTree(true);
    private long zxid = 0x1_0000_0000L;

    private ApplyResult apply(int type, TxnBody body) {
        return apply(S1, type, body, 1000 + zxid % 1000);
    }

    private ApplyResult apply(long session, int type, TxnBody body, long time) {
        return tree.apply(new Txn(new TxnHeader(session, 1, ++zxid, time, type), body));
    }

    private ApplyResult create(String path, String data, int parentCVersion) {
        return apply(OpCode.CREATE2, new TxnBody.Create(path, bytes(data), OPEN, false, parentCVersion));
    }

    private StatPersisted persisted(String path) {
        return tree.nodeRecord(path).stat();
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void systemNodesHaveZooKeepersInitialStats() {
        assertEquals(new Stat(0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0), tree.exists("/"), "client cversion = 2 * 0 creates - 1 child");
        assertEquals(List.of("config", "quota"), tree.getChildren("/zookeeper"));
        assertEquals(-1, tree.exists("/zookeeper/config").aversion());
        assertEquals(Acl.READ_ACL_UNSAFE, tree.getNode("/zookeeper/config").acl());
        assertEquals(OPEN, tree.getNode("/zookeeper/quota").acl());
        assertEquals(1, tree.aclTableSize());
        assertEquals(4, tree.nodeCount());
        assertEquals(3, tree.getAllChildrenNumber("/"));
        assertEquals("/".length() + "/zookeeper".length() + "/zookeeper/quota".length() + "/zookeeper/config".length(),
                tree.approximateDataSize());
    }

    @Test
    void createSetsEveryStatFieldAndParentCversionPzxidFromTheTxn() {
        ApplyResult r = apply(S1, OpCode.CREATE2, new TxnBody.Create("/a", bytes("xy"), OPEN, false, 7), 5555);
        assertEquals(KeeperCode.OK, r.err());
        assertEquals(new Stat(zxid, zxid, 5555, 5555, 0, 0, 0, 0, 2, 0, zxid), r.stat());
        Stat root = tree.exists("/");
        assertEquals(7, persisted("/").cversion());
        assertEquals(7 * 2 - 2, root.cversion(), "clients see 2 * cversion - numChildren");
        assertEquals(zxid, root.pzxid());
        assertEquals(List.of(new WatchTrigger(WatchTrigger.NODE_CREATED, "/a"),
                new WatchTrigger(WatchTrigger.NODE_CHILDREN_CHANGED, "/")), r.triggers());
        // a parentCVersion not above the current one leaves the parent's cversion and pzxid alone
        long before = zxid;
        create("/b", "", 3);
        assertEquals(7, persisted("/").cversion());
        assertEquals(before, tree.exists("/").pzxid());
        // -1 means "current + 1"
        create("/c", "", -1);
        assertEquals(8, persisted("/").cversion());
        assertEquals(zxid, tree.exists("/").pzxid());
    }

    @Test
    void plainCreateOfExistingNodeStillMovesParentCversionButCreate2DoesNot() {
        create("/a", "", 1);
        ApplyResult again = apply(OpCode.CREATE, new TxnBody.Create("/a", null, OPEN, false, 5));
        assertEquals(KeeperCode.NODEEXISTS, again.err());
        assertEquals(5, persisted("/").cversion());
        assertEquals(zxid, tree.exists("/").pzxid());
        ApplyResult again2 = apply(OpCode.CREATE2, new TxnBody.Create("/a", null, OPEN, false, 9));
        assertEquals(KeeperCode.NODEEXISTS, again2.err());
        assertEquals(5, persisted("/").cversion());
    }

    @Test
    void deleteMovesParentPzxidButNotCversion() {
        create("/a", "", 1);
        create("/a/b", "12345", 1);
        ApplyResult r = apply(OpCode.DELETE, new TxnBody.Delete("/a/b"));
        assertEquals(KeeperCode.OK, r.err());
        Stat a = tree.exists("/a");
        assertEquals(1, persisted("/a").cversion());
        assertEquals(2, a.cversion(), "a delete shows as +1 in the client's cversion");
        assertEquals(zxid, a.pzxid());
        assertEquals(0, a.numChildren());
        assertEquals(List.of(new WatchTrigger(WatchTrigger.NODE_DELETED, "/a/b"),
                new WatchTrigger(WatchTrigger.NODE_CHILDREN_CHANGED, "/a")), r.triggers());
        // deleting a missing child: NONODE, yet the parent's pzxid moves (ZooKeeper updates it first)
        ApplyResult missing = apply(OpCode.DELETE, new TxnBody.Delete("/a/zz"));
        assertEquals(KeeperCode.NONODE, missing.err());
        assertEquals(zxid, tree.exists("/a").pzxid());
        assertEquals(KeeperCode.NONODE, apply(OpCode.DELETE, new TxnBody.Delete("/q/zz")).err());
    }

    @Test
    void setDataTakesVersionFromTxnAndMovesMzxidMtimeOnly() {
        create("/a", "x", 1);
        long czxid = zxid;
        ApplyResult r = apply(S1, OpCode.SET_DATA, new TxnBody.SetData("/a", bytes("hello"), 42), 9999);
        Stat s = r.stat();
        assertEquals(new Stat(czxid, zxid, tree.exists("/a").ctime(), 9999, 42, 0, 0, 0, 5, 0, czxid), s);
        assertEquals(List.of(new WatchTrigger(WatchTrigger.NODE_DATA_CHANGED, "/a")), r.triggers());
        assertEquals(KeeperCode.NONODE, apply(OpCode.SET_DATA, new TxnBody.SetData("/nope", null, 1)).err());
    }

    @Test
    void setAclTakesAversionFromTxnFiresNothingAndMovesRefCounts() {
        List<Acl> alice = List.of(new Acl(Acl.ALL, "digest", "alice:x"));
        create("/a", "", 1);
        create("/b", "", 2);
        assertEquals(2, tree.aclTableSize()); // READ_ACL_UNSAFE of /zookeeper/config + OPEN from a client
        ApplyResult r = apply(OpCode.SET_ACL, new TxnBody.SetAcl("/a", alice, 3));
        assertEquals(3, r.stat().aversion());
        assertTrue(r.triggers().isEmpty());
        assertEquals(3, tree.aclTableSize());
        apply(OpCode.SET_ACL, new TxnBody.SetAcl("/b", alice, 1));
        assertEquals(2, tree.aclTableSize(), "OPEN entry dropped once no node uses it");
        apply(OpCode.DELETE, new TxnBody.Delete("/a"));
        assertEquals(2, tree.aclTableSize());
        apply(OpCode.DELETE, new TxnBody.Delete("/b"));
        assertEquals(1, tree.aclTableSize(), "alice entry dropped with its last node");
        assertEquals(alice, List.of(new Acl(Acl.ALL, "digest", "alice:x")));
    }

    @Test
    void closeSessionDeletesListedPathsThenRemainingEphemerals() {
        apply(S1, OpCode.CREATE_SESSION, new TxnBody.CreateSession(3000), 1);
        assertEquals(3000, tree.sessions().get(S1));
        create("/p", "", 1);
        apply(OpCode.CREATE, new TxnBody.Create("/p/e1", null, OPEN, true, 1));
        apply(OpCode.CREATE, new TxnBody.Create("/p/e2", null, OPEN, true, 2));
        assertEquals(List.of("/p/e1", "/p/e2"), tree.getEphemerals(S1));
        assertEquals(S1, tree.exists("/p/e1").ephemeralOwner());
        ApplyResult r = apply(OpCode.CLOSE_SESSION, new TxnBody.CloseSession(List.of("/p/e2", "/gone")));
        assertEquals(KeeperCode.OK, r.err());
        assertNull(tree.exists("/p/e1"));
        assertNull(tree.exists("/p/e2"));
        assertTrue(tree.sessions().isEmpty());
        assertEquals(List.of(), tree.getEphemerals(S1));
        assertEquals(List.of(new WatchTrigger(2, "/p/e2"), new WatchTrigger(4, "/p"), new WatchTrigger(2, "/p/e1"),
                new WatchTrigger(4, "/p")), r.triggers());
        assertEquals(zxid, tree.exists("/p").pzxid());
        assertEquals(2, persisted("/p").cversion());
        assertEquals(4, tree.exists("/p").cversion());
    }

    @Test
    void containersAndTtlNodesUseZooKeepersOwnerEncoding() {
        ApplyResult c = apply(OpCode.CREATE_CONTAINER, new TxnBody.CreateContainer("/c", null, OPEN, 1));
        assertEquals(Long.MIN_VALUE, persisted("/c").ephemeralOwner());
        assertEquals(0, c.stat().ephemeralOwner(), "clients see owner 0 for containers");
        assertEquals(List.of(), tree.containerCandidates(), "cversion 0: never used, not a candidate");
        create("/c/x", "", 1);
        assertEquals(List.of(), tree.containerCandidates(), "has a child");
        apply(OpCode.DELETE, new TxnBody.Delete("/c/x"));
        assertEquals(List.of("/c"), tree.containerCandidates());

        ApplyResult t = apply(S1, OpCode.CREATE_TTL, new TxnBody.CreateTtl("/t", null, OPEN, 2, 500), 10_000);
        assertEquals(0xff00_0000_0000_01f4L, persisted("/t").ephemeralOwner());
        assertEquals(0, t.stat().ephemeralOwner(), "clients see owner 0 for TTL nodes");
        assertEquals(500, EphemeralOwner.ttlMs(persisted("/t").ephemeralOwner()));
        assertEquals(List.of(), tree.expiredTtlNodes(10_500));
        assertEquals(List.of("/t"), tree.expiredTtlNodes(10_501));
        apply(S1, OpCode.SET_DATA, new TxnBody.SetData("/t", null, 1), 10_400);
        assertEquals(List.of(), tree.expiredTtlNodes(10_600), "setData moves mtime, restarting the TTL");
        assertEquals(EphemeralOwner.Kind.NORMAL, EphemeralOwner.kind(persisted("/t").ephemeralOwner(), false));
    }

    @Test
    void failedMultiAppliesAsErrorsAndChangesNothing() {
        create("/a", "", 1);
        long digest = tree.digest();
        TxnBody.Multi m = new TxnBody.Multi(List.of(
                new TxnBody.Sub(OpCode.CREATE, new TxnBody.Create("/b", null, OPEN, false, 3)),
                new TxnBody.Sub(OpCode.ERROR, new TxnBody.Error(KeeperCode.BADVERSION)),
                new TxnBody.Sub(OpCode.ERROR, new TxnBody.Error(KeeperCode.RUNTIMEINCONSISTENCY))));
        ApplyResult r = apply(OpCode.MULTI, m);
        assertEquals(KeeperCode.BADVERSION, r.err());
        assertEquals(List.of(KeeperCode.OK, KeeperCode.BADVERSION, KeeperCode.RUNTIMEINCONSISTENCY),
                r.multiResults().stream().map(ApplyResult::err).toList());
        assertEquals(OpCode.ERROR, r.multiResults().get(0).type());
        assertNull(tree.exists("/b"));
        assertEquals(digest, tree.digest());

        ApplyResult ok = apply(OpCode.MULTI, new TxnBody.Multi(List.of(
                new TxnBody.Sub(OpCode.CREATE2, new TxnBody.Create("/b", null, OPEN, false, 3)),
                new TxnBody.Sub(OpCode.CHECK, new TxnBody.CheckVersion("/a", 1)),
                new TxnBody.Sub(OpCode.SET_DATA, new TxnBody.SetData("/a", bytes("z"), 1)))));
        assertEquals(KeeperCode.OK, ok.err());
        assertEquals("/b", ok.multiResults().get(0).path());
        assertEquals(1, ok.multiResults().get(2).stat().version());
        assertEquals(3, ok.triggers().size()); // created, children changed, data changed
    }

    @Test
    void digestIsEqualForEqualHistoriesAndDiffersOtherwise() {
        DataTree other = new DataTree(true);
        assertEquals(tree.digest(), other.digest());
        for (int i = 0; i < 20; i++) {
            Txn txn = new Txn(new TxnHeader(S1, i, 0x1_0000_0000L + i + 1, 77 + i, OpCode.CREATE),
                    new TxnBody.Create("/n" + i, bytes("v" + i), OPEN, false, i + 1));
            tree.apply(txn);
            other.apply(txn);
        }
        assertEquals(tree.digest(), other.digest());
        assertEquals(tree.computeDigest(), tree.digest());
        Txn a = new Txn(new TxnHeader(S1, 99, 0x2_0000_0001L, 1, OpCode.SET_DATA), new TxnBody.SetData("/n3", bytes("A"), 1));
        Txn b = new Txn(new TxnHeader(S1, 99, 0x2_0000_0001L, 1, OpCode.SET_DATA), new TxnBody.SetData("/n3", bytes("B"), 1));
        tree.apply(a);
        other.apply(b);
        assertNotEquals(tree.digest(), other.digest());
        assertEquals(other.computeDigest(), other.digest());
        Txn time2 = new Txn(new TxnHeader(S1, 99, 0x2_0000_0002L, 2, OpCode.SET_DATA), new TxnBody.SetData("/n3", bytes("A"), 2));
        Txn time3 = new Txn(new TxnHeader(S1, 99, 0x2_0000_0002L, 3, OpCode.SET_DATA), new TxnBody.SetData("/n3", bytes("A"), 2));
        tree.apply(time2);
        other.apply(time3);
        assertNotEquals(tree.digest(), other.digest(), "an mtime difference alone changes the digest");
    }

    @Test
    void quotaStatsFollowCreatesDeletesAndSetData() {
        create("/q", "abc", 1);
        create("/q/x", "12", 1);
        create("/zookeeper/quota/q", null, 1);
        create("/zookeeper/quota/q/zookeeper_limits", "count=10,bytes=-1", 1);
        assertEquals("/q", tree.maxPrefixWithQuota("/q/x/y"));
        assertNull(tree.maxPrefixWithQuota("/qq"));
        create("/zookeeper/quota/q/zookeeper_stats", "whatever", 2);
        assertEquals("count=2,bytes=5", text("/zookeeper/quota/q/zookeeper_stats"));
        Stat statNodeStat = tree.exists("/zookeeper/quota/q/zookeeper_stats");
        create("/q/y", "1234", 2);
        apply(OpCode.SET_DATA, new TxnBody.SetData("/q", bytes("a"), 1));
        apply(OpCode.DELETE, new TxnBody.Delete("/q/x"));
        assertEquals("count=2,bytes=5", text("/zookeeper/quota/q/zookeeper_stats"));
        assertEquals(statNodeStat.mzxid(), tree.exists("/zookeeper/quota/q/zookeeper_stats").mzxid(),
                "quota bookkeeping does not touch the stats node's stat");
        assertEquals(tree.computeDigest(), tree.digest());
        apply(OpCode.DELETE, new TxnBody.Delete("/zookeeper/quota/q/zookeeper_limits"));
        assertNull(tree.maxPrefixWithQuota("/q/y"));
        create("/q/z", "zz", 3);
        assertEquals("count=2,bytes=5", text("/zookeeper/quota/q/zookeeper_stats"));
    }

    @Test
    void quotaStatsFormatKeepsExtraKeysSorted() {
        QuotaStats s = QuotaStats.parse(bytes("count=1,bytes=2=;countHardLimit=5;byteHardLimit=9;junk"));
        assertEquals(5, s.get(QuotaStats.COUNT_HARD_LIMIT));
        assertEquals("count=3,bytes=2=;byteHardLimit=9;countHardLimit=5",
                new String(s.set("count", 3).toBytes(), StandardCharsets.UTF_8));
        assertEquals(-1, QuotaStats.parse(new byte[0]).get("count"));
    }

    private String text(String path) {
        return new String(tree.getNode(path).data(), StandardCharsets.UTF_8);
    }

    private static java.util.Set<String> paths(SnapshotDelta d) {
        java.util.Set<String> out = new java.util.HashSet<>();
        d.upsertedNodes().forEach(n -> out.add(n.path()));
        assertEquals(d.upsertedNodes().size(), out.size(), "each path once");
        return out;
    }

    @Test
    void captureDeltaHoldsExactlyWhatChangedSinceLastCapture() {
        apply(S1, OpCode.CREATE_SESSION, new TxnBody.CreateSession(4000), 1);
        create("/a", "1", 1);
        create("/b", "2", 2);
        SnapshotDelta first = tree.captureDelta(zxid, false);
        assertEquals(zxid, first.zxid());
        assertEquals(tree.digest(), first.digest());
        assertEquals(java.util.Set.of("/", "/a", "/b", "/zookeeper", "/zookeeper/config", "/zookeeper/quota"),
                paths(first), "first capture has the system nodes too (in no particular order)");
        assertEquals(java.util.Map.of(S1, 4000), first.upsertedSessions());
        assertEquals(2, first.upsertedAcls().size());

        SnapshotDelta empty = tree.captureDelta(zxid, false);
        assertEquals(0, empty.changeCount());

        apply(OpCode.SET_DATA, new TxnBody.SetData("/a", bytes("new"), 1));
        apply(OpCode.DELETE, new TxnBody.Delete("/b"));
        apply(OpCode.SET_ACL, new TxnBody.SetAcl("/a", Acl.READ_ACL_UNSAFE, 1));
        apply(S1, OpCode.CLOSE_SESSION, new TxnBody.CloseSession(List.of()), 2);
        SnapshotDelta second = tree.captureDelta(zxid, false);
        assertEquals(java.util.Set.of("/", "/a"), paths(second));
        assertEquals(List.of("/b"), second.deletedPaths());
        NodeImage a = second.upsertedNodes().stream().filter(n -> n.path().equals("/a")).findFirst().orElseThrow();
        assertEquals("new", new String(a.data(), StandardCharsets.UTF_8));
        assertTrue(a.data() == tree.getNode("/a").data(), "image shares the live data array");
        assertEquals(1, a.stat().aversion());
        assertEquals(List.of(2L), second.deletedAcls(), "OPEN entry (ref 2) no longer used");
        assertEquals(List.of(S1), second.deletedSessions());

        SnapshotDelta full = tree.captureDelta(zxid, true);
        assertTrue(full.full());
        assertEquals(tree.nodeCount(), full.upsertedNodes().size());
        assertEquals("/", full.upsertedNodes().get(0).path());
    }

    @Test
    void fullDeltaRebuildsAnEqualTreeThroughTheSnapshotSink() {
        apply(S1, OpCode.CREATE_SESSION, new TxnBody.CreateSession(4000), 1);
        create("/a", "1", 1);
        apply(OpCode.CREATE, new TxnBody.Create("/a/e", bytes("eph"), List.of(new Acl(1, "digest", "u:p")), true, 1));
        apply(OpCode.CREATE_CONTAINER, new TxnBody.CreateContainer("/c", null, OPEN, 2));
        SimulatedStore store = new SimulatedStore();
        store.merge(tree.captureDelta(zxid, true));
        TreeLoader loader = DataTree.loader(true);
        store.replay(loader);
        DataTree rebuilt = loader.tree();
        assertEquals(tree.digest(), rebuilt.digest());
        assertEquals(tree.getNode("/a/e"), rebuilt.getNode("/a/e"));
        assertEquals(List.of("/a/e"), rebuilt.getEphemerals(S1));
        assertEquals(tree.aclTableSize(), rebuilt.aclTableSize());
        assertEquals(zxid, rebuilt.lastProcessedZxid());
        Txn next = new Txn(new TxnHeader(S1, 1, zxid + 1, 5, OpCode.CREATE2),
                new TxnBody.Create("/d", null, OPEN, false, 3));
        assertEquals(tree.apply(next).stat(), rebuilt.apply(next).stat());
        assertEquals(tree.digest(), rebuilt.digest());
        assertEquals(3, rebuilt.aclTableSize(), "new OPEN ACL got a fresh ref after the loaded ones");
    }

    @Test
    void loadRejectsDigestMismatchAndOrphans() {
        create("/a", "1", 1);
        SimulatedStore store = new SimulatedStore();
        store.merge(tree.captureDelta(zxid, true));
        store.digest ^= 1;
        TreeLoader loader = DataTree.loader(true);
        TreeLoader.SnapshotLoadException e =
                assertThrows(TreeLoader.SnapshotLoadException.class, () -> store.replay(loader));
        assertTrue(e.getMessage().contains("stored digest"), e.getMessage());

        TreeLoader orphan = DataTree.loader(true);
        NodeImage child = store.nodes.get("/a");
        assertThrows(TreeLoader.SnapshotLoadException.class, () -> orphan.node(child));
        assertThrows(IllegalStateException.class, orphan::tree);
    }

    @Test
    void veryDeepPathsDoNotOverflowTheStack() {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < 15_000; i++) {
            path.append("/d");
            create(path.toString(), "x", 1);
        }
        assertEquals(15_000, tree.getAllChildrenNumber("/d") + 1);
        SnapshotDelta full = tree.captureDelta(zxid, true);
        assertEquals(tree.nodeCount(), full.upsertedNodes().size());
        create("/zookeeper/quota/d", null, 1);
        create("/zookeeper/quota/d/zookeeper_limits", "count=-1,bytes=-1", 1);
        create("/zookeeper/quota/d/zookeeper_stats", null, 2);
        assertEquals("count=15000,bytes=15000", text("/zookeeper/quota/d/zookeeper_stats"));
    }
}
