package io.zabd.engine.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.snapshot.DeltaSource;
import io.zabd.engine.snapshot.RecordedChanges;
import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Goal: the change maps a tree hands away at capture ({@link DataTree#captureChanges}) hold exactly
 * the state at the capture, whatever the tree does afterwards (the snapshot writer builds the delta
 * later, on its own thread), and merged in order they equal a full capture.
 */
class CaptureChangesTest {
    private static final long S1 = 0x0100_0000_0000_0001L;
    private static final long S2 = 0x0100_0000_0000_0002L;
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    private static final List<Acl> DIGEST = List.of(new Acl(31, "digest", "u:p"));
    private long zxid = 0x1_0000_0000L;

    private Txn txn(long session, int type, TxnBody body) {
        zxid++;
        return new Txn(new TxnHeader(session, 1, zxid, 1000 + zxid % 1000, type), body);
    }

    private static void applyBoth(DataTree a, DataTree b, Txn t) {
        a.apply(t);
        b.apply(t);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void capturedChangesAreTheStateAtCaptureEvenWhenBuiltLater() {
        DataTree tree = new DataTree(true);
        tree.apply(txn(S1, OpCode.CREATE2, new TxnBody.Create("/a", bytes("1"), OPEN, false, 1)));
        tree.captureChanges(zxid, false);
        tree.apply(txn(S1, OpCode.SET_DATA, new TxnBody.SetData("/a", bytes("2"), 1)));
        long captured = zxid;
        long digestAtCapture = tree.digest();
        DeltaSource source = tree.captureChanges(zxid, false);
        assertTrue(source instanceof RecordedChanges, "a delta capture hands the maps away, it builds no lists");
        assertEquals(1, source.changeCount());

        // the tree moves on before the writer builds the delta
        tree.apply(txn(S1, OpCode.SET_DATA, new TxnBody.SetData("/a", bytes("3"), 2)));
        tree.apply(txn(S1, OpCode.CREATE2, new TxnBody.Create("/b", bytes("x"), OPEN, false, 2)));
        tree.apply(txn(S1, OpCode.DELETE, new TxnBody.Delete("/b")));

        SnapshotDelta delta = source.toDelta();
        assertEquals(captured, delta.zxid());
        assertEquals(digestAtCapture, delta.digest());
        assertEquals(1, delta.upsertedNodes().size());
        NodeImage a = delta.upsertedNodes().get(0);
        assertEquals("/a", a.path());
        assertEquals("2", new String(a.data(), StandardCharsets.UTF_8));
        assertEquals(1, a.stat().version());
        assertEquals(List.of(), delta.deletedPaths());

        SnapshotDelta next = tree.captureDelta(zxid, false);
        assertEquals(Set.of("/", "/a"), paths(next), "the parent's pzxid moved; /b came and went");
        assertEquals(List.of("/b"), next.deletedPaths(), "a node created and deleted between captures is a delete");
        assertEquals("3", new String(image(next, "/a").data(), StandardCharsets.UTF_8));
    }

    @Test
    void deleteThenRecreateOfOnePathBetweenCapturesIsOneUpsertOfTheNewNode() {
        DataTree tree = new DataTree(true);
        tree.apply(txn(S1, OpCode.CREATE2, new TxnBody.Create("/a", bytes("old"), OPEN, false, 1)));
        tree.captureDelta(zxid, false);
        tree.apply(txn(S1, OpCode.DELETE, new TxnBody.Delete("/a")));
        tree.apply(txn(S1, OpCode.CREATE2, new TxnBody.Create("/a", bytes("new"), DIGEST, false, 2)));
        SnapshotDelta d = tree.captureDelta(zxid, false);
        assertEquals(List.of(), d.deletedPaths());
        NodeImage a = image(d, "/a");
        assertEquals("new", new String(a.data(), StandardCharsets.UTF_8));
        assertEquals(zxid, a.stat().czxid());
        assertEquals(Map.of(a.aclRef(), DIGEST), d.upsertedAcls(), "the new ACL entry");
        assertEquals(List.of(2L), d.deletedAcls(), "the OPEN entry (ref 2) the old node used is gone");
    }

    /**
     * A node changed many times between captures is one upsert with its newest image, and a node
     * changed, deleted, created again and changed is one upsert of the new node and no delete.
     */
    @Test
    void eachPathIsOneChangeWithItsNewestImage() {
        DataTree tree = new DataTree(true);
        tree.apply(txn(S1, OpCode.CREATE2, new TxnBody.Create("/a", bytes("0"), OPEN, false, 1)));
        tree.apply(txn(S1, OpCode.CREATE2, new TxnBody.Create("/b", bytes("0"), OPEN, false, 2)));
        tree.captureDelta(zxid, false);
        for (int v = 1; v <= 3; v++) {
            tree.apply(txn(S1, OpCode.SET_DATA, new TxnBody.SetData("/a", bytes("a" + v), v)));
        }
        tree.apply(txn(S1, OpCode.SET_DATA, new TxnBody.SetData("/b", bytes("b1"), 1)));
        tree.apply(txn(S1, OpCode.DELETE, new TxnBody.Delete("/b")));
        tree.apply(txn(S1, OpCode.CREATE2, new TxnBody.Create("/b", bytes("b-new"), OPEN, false, 3)));
        tree.apply(txn(S1, OpCode.SET_DATA, new TxnBody.SetData("/b", bytes("b-new1"), 1)));
        SnapshotDelta d = tree.captureDelta(zxid, false);
        assertWellFormed(d);
        assertEquals(Set.of("/", "/a", "/b"), paths(d));
        assertEquals("a3", new String(image(d, "/a").data(), StandardCharsets.UTF_8));
        assertEquals(3, image(d, "/a").stat().version());
        assertEquals("b-new1", new String(image(d, "/b").data(), StandardCharsets.UTF_8));
        assertEquals(List.of(), d.deletedPaths());

        tree.apply(txn(S1, OpCode.SET_DATA, new TxnBody.SetData("/a", bytes("a4"), 4)));
        SnapshotDelta next = tree.captureDelta(zxid, false);
        assertEquals(Set.of("/a"), paths(next), "a new period records only what changed in it");
    }

    /** At most one upsert per path, and no path both upserted and deleted (the store refuses that). */
    private static void assertWellFormed(SnapshotDelta d) {
        Set<String> upserted = new java.util.HashSet<>();
        for (NodeImage n : d.upsertedNodes()) {
            assertTrue(upserted.add(n.path()), "two upserts of " + n.path());
        }
        for (String path : d.deletedPaths()) {
            assertFalse(upserted.contains(path), path + " both upserted and deleted");
        }
        assertEquals(d.deletedPaths().size(), Set.copyOf(d.deletedPaths()).size(), "a path deleted twice");
    }

    @Test
    void fullCaptureAfterDeltasHoldsEverythingAndRestartsRecording() {
        DataTree tree = new DataTree(true);
        tree.apply(txn(S1, OpCode.CREATE_SESSION, new TxnBody.CreateSession(4000)));
        tree.apply(txn(S1, OpCode.CREATE2, new TxnBody.Create("/a", bytes("1"), OPEN, false, 1)));
        tree.captureDelta(zxid, false);
        tree.apply(txn(S1, OpCode.CREATE2, new TxnBody.Create("/b", bytes("2"), OPEN, true, 2)));
        DeltaSource full = tree.captureChanges(zxid, true);
        assertTrue(full.full());
        SnapshotDelta all = full.toDelta();
        assertEquals(tree.nodeCount(), all.upsertedNodes().size());
        assertEquals(Map.of(S1, 4000), all.upsertedSessions());
        assertEquals(tree.aclTableSize(), all.upsertedAcls().size());
        assertEquals(0, tree.captureChanges(zxid, false).changeCount(), "the full capture restarted recording");
    }

    /**
     * A tree built from scratch has recorded every node, ACL entry and session until its first
     * capture, so that capture stored into an empty store equals a full one; a loaded tree has not.
     */
    @Test
    void firstCaptureOfATreeBuiltFromScratchCoversTheWholeTree() {
        DataTree fresh = new DataTree(true);
        DataTree reference = new DataTree(true);
        applyBoth(fresh, reference, txn(S1, OpCode.CREATE_SESSION, new TxnBody.CreateSession(4000)));
        applyBoth(fresh, reference, txn(S1, OpCode.CREATE2, new TxnBody.Create("/a", bytes("1"), DIGEST, false, 1)));
        applyBoth(fresh, reference, txn(S1, OpCode.CREATE2, new TxnBody.Create("/a/e", bytes("2"), OPEN, true, 1)));
        applyBoth(fresh, reference, txn(S1, OpCode.CREATE2, new TxnBody.Create("/gone", bytes("3"), OPEN, false, 2)));
        applyBoth(fresh, reference, txn(S1, OpCode.DELETE, new TxnBody.Delete("/gone")));
        assertTrue(fresh.changesCoverWholeTree());
        SimulatedStore empty = new SimulatedStore();
        empty.merge(fresh.captureChanges(zxid, false).toDelta());
        assertStoreEquals(reference.captureDelta(zxid, true), empty);
        assertFalse(fresh.changesCoverWholeTree(), "after a capture the maps hold only what changed since");

        SimulatedStore stored = new SimulatedStore();
        stored.merge(reference.captureDelta(zxid, true));
        TreeLoader loader = DataTree.loader(true);
        stored.replay(loader);
        assertFalse(loader.tree().changesCoverWholeTree(), "a loaded tree recorded nothing of what it loaded");
    }

    /** Random ops on two equal trees: one captured by deltas at random points, one fully at the same points. */
    @Test
    void mergedDeltasEqualAFullCaptureAtEveryPoint() {
        Random random = new Random(20261127L);
        DataTree incremental = new DataTree(true);
        DataTree reference = new DataTree(true);
        SimulatedStore store = new SimulatedStore();
        store.merge(incremental.captureDelta(zxid, true));
        List<DeltaSource> unbuilt = new ArrayList<>();
        long[] sessions = {S1, S2};
        for (int step = 0; step < 4000; step++) {
            applyBoth(incremental, reference, randomTxn(random, incremental, sessions));
            if (random.nextInt(60) == 0) {
                // capture now, build later: the tree keeps changing in between
                unbuilt.add(incremental.captureChanges(zxid, false));
            }
            if (random.nextInt(150) == 0) {
                unbuilt.add(incremental.captureChanges(zxid, false));
                unbuilt.forEach(s -> store.merge(wellFormed(s.toDelta())));
                unbuilt.clear();
                assertStoreEquals(reference.captureDelta(zxid, true), store);
            }
        }
        unbuilt.add(incremental.captureChanges(zxid, false));
        unbuilt.forEach(s -> store.merge(wellFormed(s.toDelta())));
        assertStoreEquals(reference.captureDelta(zxid, true), store);
        assertEquals(reference.digest(), incremental.digest());
    }

    private Txn randomTxn(Random random, DataTree tree, long[] sessions) {
        long session = sessions[random.nextInt(sessions.length)];
        String top = "/p" + random.nextInt(12);
        String path = random.nextBoolean() ? top : top + "/c" + random.nextInt(3);
        int kind = random.nextInt(100);
        if (kind < 3) {
            return tree.sessions().containsKey(session)
                    ? txn(session, OpCode.CLOSE_SESSION, new TxnBody.CloseSession(List.of()))
                    : txn(session, OpCode.CREATE_SESSION, new TxnBody.CreateSession(3000 + random.nextInt(1000)));
        }
        if (kind < 30 && tree.exists(path) == null) {
            boolean ephemeral = path.indexOf('/', 1) > 0 && random.nextBoolean()
                    && tree.sessions().containsKey(session);
            List<Acl> acl = random.nextBoolean() ? OPEN : DIGEST;
            return txn(session, OpCode.CREATE2, new TxnBody.Create(path, bytes("c" + zxid), acl, ephemeral, -1));
        }
        Stat stat = tree.exists(path);
        if (stat == null) {
            return txn(session, OpCode.CREATE_SESSION, new TxnBody.CreateSession(3000));
        }
        if (kind < 45 && stat.numChildren() == 0) {
            return txn(session, OpCode.DELETE, new TxnBody.Delete(path));
        }
        if (kind < 55) {
            List<Acl> acl = random.nextBoolean() ? OPEN : DIGEST;
            return txn(session, OpCode.SET_ACL, new TxnBody.SetAcl(path, acl, stat.aversion() + 1));
        }
        return txn(session, OpCode.SET_DATA, new TxnBody.SetData(path, bytes("d" + zxid), stat.version() + 1));
    }

    private static SnapshotDelta wellFormed(SnapshotDelta d) {
        assertWellFormed(d);
        return d;
    }

    private static void assertStoreEquals(SnapshotDelta full, SimulatedStore store) {
        SimulatedStore expected = new SimulatedStore();
        expected.merge(full);
        assertEquals(expected.nodes, store.nodes);
        assertEquals(expected.acls, store.acls);
        assertEquals(expected.sessions, store.sessions);
        assertEquals(expected.digest, store.digest);
        assertEquals(expected.zxid, store.zxid);
        assertFalse(store.nodes.isEmpty());
    }

    private static Set<String> paths(SnapshotDelta d) {
        Set<String> out = new java.util.HashSet<>();
        d.upsertedNodes().forEach(n -> out.add(n.path()));
        return out;
    }

    private static NodeImage image(SnapshotDelta d, String path) {
        return d.upsertedNodes().stream().filter(n -> n.path().equals(path)).findFirst().orElseThrow();
    }
}
