package io.zabd.tools.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Goal: the replay tree follows ZooKeeper's restore rules in the fuzzy window, where the snapshot
 * already holds some effects of the txns replayed on top of it (the real-server tests cannot force
 * these interleavings).
 */
class SimpleReplayTreeTest {
    private static final long SESSION = 0x100L;
    private static final List<Acl> DIGEST_ACL = List.of(new Acl(Acl.ALL, "digest", "alice:x"));

    private static StatPersisted stat(long zxid, int cversion, long owner) {
        return new StatPersisted(zxid, zxid, 10, 10, 0, cversion, 0, owner, zxid);
    }

    private static SimpleReplayTree tree() {
        return new SimpleReplayTree(List.of(
                new NodeImage("/", new byte[0], -1, stat(0, 2, 0)),
                new NodeImage("/p", new byte[0], -1, stat(1, 1, 0)),
                new NodeImage("/p/kid", new byte[] {1}, -1, stat(5, 0, 0)),
                new NodeImage("/e", new byte[0], -1, stat(6, 0, SESSION)),
                new NodeImage("/c", new byte[0], -1, stat(7, 0, SimpleReplayTree.CONTAINER_OWNER))),
                Map.of());
    }

    private static Txn txn(long zxid, int type, TxnBody body) {
        return new Txn(new TxnHeader(SESSION, 1, zxid, 1000 + zxid, type), body);
    }

    @Test
    void createOfANodeTheSnapshotHoldsOnlyRepointsItsAclAndFixesTheParentUp() {
        SimpleReplayTree t = tree();
        NodeImage before = t.nodes().get("/p/kid");
        t.apply(txn(5, OpCode.CREATE, new TxnBody.Create("/p/kid", new byte[] {9}, DIGEST_ACL, false, 3)));
        NodeImage after = t.nodes().get("/p/kid");
        assertEquals(before.stat(), after.stat());
        assertEquals(DIGEST_ACL, t.acls().get(after.aclRef()));
        assertEquals(3, t.nodes().get("/p").stat().cversion());
        assertEquals(5, t.nodes().get("/p").stat().pzxid());

        t.apply(txn(8, OpCode.CREATE2, new TxnBody.Create("/p/kid", new byte[] {9}, DIGEST_ACL, false, 9)));
        assertEquals(3, t.nodes().get("/p").stat().cversion(), "only a plain create fixes the parent up");
    }

    @Test
    void createNeverLowersTheParentsCversion() {
        SimpleReplayTree t = tree();
        t.apply(txn(9, OpCode.CREATE, new TxnBody.Create("/p/new", null, Acl.OPEN_ACL_UNSAFE, false, 1)));
        assertEquals(1, t.nodes().get("/p").stat().cversion());
        assertEquals(1, t.nodes().get("/p").stat().pzxid());
        assertEquals(new StatPersisted(9, 9, 1009, 1009, 0, 0, 0, 0, 9), t.nodes().get("/p/new").stat());
    }

    @Test
    void deleteOfAMissingChildStillRaisesTheParentsPzxid() {
        SimpleReplayTree t = tree();
        t.apply(txn(12, OpCode.DELETE, new TxnBody.Delete("/p/gone")));
        assertEquals(12, t.nodes().get("/p").stat().pzxid());
        assertEquals(1, t.nodes().get("/p").stat().cversion(), "persisted cversion counts creates only");
        t.apply(txn(11, OpCode.DELETE, new TxnBody.Delete("/p/kid")));
        assertFalse(t.nodes().containsKey("/p/kid"));
        assertEquals(12, t.nodes().get("/p").stat().pzxid(), "never lowered");
    }

    @Test
    void failedMultiChangesNothingAndCloseSessionTakesOnlyTheSessionsEphemerals() {
        SimpleReplayTree t = tree();
        long digest = t.digest();
        t.apply(txn(13, OpCode.MULTI, new TxnBody.Multi(List.of(
                new TxnBody.Sub(OpCode.ERROR, new TxnBody.Error(0)),
                new TxnBody.Sub(OpCode.ERROR, new TxnBody.Error(-103))))));
        assertEquals(digest, t.digest());
        t.apply(txn(14, OpCode.CLOSE_SESSION, new TxnBody.CloseSession(List.of())));
        assertFalse(t.nodes().containsKey("/e"));
        assertTrue(t.nodes().containsKey("/c"), "a container is not a session's ephemeral");
        assertEquals(14, t.nodes().get("/").stat().pzxid());
        assertEquals(ZkDigest.tree(t.nodes().values()), t.digest());
    }
}
