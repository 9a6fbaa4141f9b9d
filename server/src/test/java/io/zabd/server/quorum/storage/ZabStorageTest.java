package io.zabd.server.quorum.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.EngineConfig;
import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.snapshot.SnapshotView;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnCodec;
import io.zabd.engine.txn.TxnHeader;
import io.zabd.engine.txn.Zxid;
import io.zabd.server.zab.EpochWrite;
import io.zabd.server.zab.LogEntry;
import io.zabd.server.zab.LogOp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ZAB storage adapter over a real engine: durability mapping, epochs, TRUNC, SNAP install and its recovery. */
class ZabStorageTest {
    @TempDir
    Path dir;

    private EngineConfig config(String name) {
        return EngineConfig.defaults(dir.resolve(name), dir.resolve(name)).withPreAllocSizeBytes(4L << 20);
    }

    private static byte[] create(int i) {
        String path = "/n" + i;
        return TxnCodec.toBytes(new Txn(new TxnHeader(1, i, 0, i, OpCode.CREATE),
                new TxnBody.Create(path, path.getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, false, -1)));
    }

    private static long z(int counter) {
        return Zxid.of(1, counter);
    }

    private static long awaitDurable(ZabStorage s, long seq) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long got = -1;
        while (got < seq) {
            long d = s.pollDurableSeq();
            got = Math.max(got, d);
            assertTrue(System.nanoTime() < deadline, "op " + seq + " never durable");
            Thread.sleep(1);
        }
        return got;
    }

    @Test
    void appendsBecomeDurableAppliedAndSurviveRestartUnapplied() throws Exception {
        long seq = 0;
        try (ZabStorage s = ZabStorage.open(config("a"), 1_000, 1_000, () -> { })) {
            assertEquals(0, s.lastZxid());
            for (int i = 1; i <= 10; i++) {
                s.execute(new LogOp.Append(++seq, z(i), create(i)), null);
            }
            assertEquals(z(10), s.lastZxid());
            assertEquals(10, awaitDurable(s, 10));
            List<String> applied = new ArrayList<>();
            s.applyTo(z(6), (txn, r) -> applied.add(r.path()));
            assertEquals(6, applied.size());
            assertEquals(z(6), s.appliedZxid());
            s.persist(new EpochWrite(EpochWrite.Kind.ACCEPTED, 3, 2));
            s.persist(new EpochWrite(EpochWrite.Kind.CURRENT, 3, 2));
        }
        try (ZabStorage s = ZabStorage.open(config("a"), 1_000, 1_000, () -> { })) {
            assertEquals(3, s.acceptedEpoch());
            assertEquals(2, s.acceptedEpochLeader());
            assertEquals(3, s.currentEpoch());
            assertEquals(z(10), s.lastZxid(), "the whole log is back, committed or not");
            assertTrue(s.appliedZxid() <= z(6), "the state machine starts at the snapshot, not at the log end");
            assertTrue(s.contains(z(7)));
            assertEquals(4, s.readAfter(z(6), 100).size());
        }
    }

    /** Goal: payloads beyond the cache leave the heap, and a DIFF still gets every entry, read back from disk. */
    @Test
    void oldPayloadsLeaveMemoryAndAreReadBackFromTheLogForADiff() throws Exception {
        List<byte[]> appended = new ArrayList<>();
        try (ZabStorage s = ZabStorage.open(config("p"), 1_000, 3, () -> { })) {
            for (int i = 1; i <= 20; i++) {
                byte[] txn = create(i);
                appended.add(txn);
                s.execute(new LogOp.Append(i, z(i), txn), null);
            }
            awaitDurable(s, 20);
            s.applyTo(z(20), (txn, r) -> { });
            List<LogEntry> all = s.readAfter(0, 100);
            assertEquals(20, all.size());
            for (int i = 1; i <= 20; i++) {
                LogEntry e = all.get(i - 1);
                assertEquals(z(i), e.zxid());
                assertTrue(java.util.Arrays.equals(appended.get(i - 1), e.txn()), "bytes of entry " + i);
                assertEquals(i > 17, appended.get(i - 1) == e.txn(),
                        "entry " + i + ": only the newest 3 payloads are still the appended arrays");
            }
            List<LogEntry> some = s.readAfter(z(5), 4);
            assertEquals(List.of(z(6), z(7), z(8), z(9)), some.stream().map(LogEntry::zxid).toList());
        }
    }

    /**
     * Goal: the leader applies the txn it prepared itself (no second decode) only when the entry holds
     * the very array it encoded; any other entry, even with an equal zxid, is decoded.
     */
    @Test
    void ownTxnsAreAppliedAsPreparedOnlyForTheirOwnBytes() throws Exception {
        try (ZabStorage s = ZabStorage.open(config("o"), 1_000, 1_000, () -> { })) {
            Txn first = new Txn(new TxnHeader(1, 1, z(1), 1, OpCode.CREATE),
                    new TxnBody.Create("/n1", new byte[] {1}, Acl.OPEN_ACL_UNSAFE, false, -1));
            byte[] firstBytes = TxnCodec.toBytes(first);
            s.rememberOwn(firstBytes, first);
            s.execute(new LogOp.Append(1, z(1), firstBytes), null);
            Txn second = new Txn(new TxnHeader(1, 2, z(2), 2, OpCode.CREATE),
                    new TxnBody.Create("/n2", new byte[] {2}, Acl.OPEN_ACL_UNSAFE, false, -1));
            s.rememberOwn(TxnCodec.toBytes(second), second); // remembered, but an equal copy is appended
            s.execute(new LogOp.Append(2, z(2), TxnCodec.toBytes(second)), null);
            awaitDurable(s, 2);
            List<Txn> applied = new ArrayList<>();
            s.applyTo(z(2), (txn, r) -> applied.add(txn));
            assertTrue(applied.get(0) == first, "own bytes: the prepared txn itself");
            assertTrue(applied.get(1) != second, "other bytes: decoded");
            assertEquals(z(2), applied.get(1).zxid());
            assertEquals("/n2", ((TxnBody.Create) applied.get(1).body()).path());
        }
    }

    /**
     * Goal: the log keeps every record the in-memory index still offers for a DIFF, even when the
     * snapshot retention alone would purge those segments (small segments, a snapshot every few txns).
     */
    @Test
    void snapshotRetentionDoesNotPurgeRecordsADiffMayNeed() throws Exception {
        EngineConfig c = EngineConfig.defaults(dir.resolve("r"), dir.resolve("r")).withPreAllocSizeBytes(2L << 20)
                .withSnapCount(100);
        byte[] data = new byte[4096];
        try (ZabStorage s = ZabStorage.open(c, 10_000, 2, () -> { })) {
            for (int i = 1; i <= 2_000; i++) {
                String path = "/n" + i;
                s.execute(new LogOp.Append(i, z(i), TxnCodec.toBytes(new Txn(new TxnHeader(1, i, 0, i, OpCode.CREATE),
                        new TxnBody.Create(path, data, Acl.OPEN_ACL_UNSAFE, false, -1)))), null);
                if (i % 50 == 0) {
                    awaitDurable(s, i);
                    s.applyTo(z(i), (txn, r) -> { });
                }
            }
            assertTrue(s.tree().nodeCount() >= 2_000);
            List<LogEntry> all = s.readAfter(0, 10_000);
            assertEquals(2_000, all.size(), "every entry above the base, most read back from disk");
            assertEquals("/n1", ((TxnBody.Create) TxnCodec.fromBytes(all.get(0).txn()).body()).path());
        }
    }

    @Test
    void truncateDropsTheTailDurably() throws Exception {
        long seq = 0;
        try (ZabStorage s = ZabStorage.open(config("t"), 1_000, 1_000, () -> { })) {
            for (int i = 1; i <= 8; i++) {
                s.execute(new LogOp.Append(++seq, z(i), create(i)), null);
            }
            s.applyTo(z(3), (txn, r) -> { });
            s.execute(new LogOp.Truncate(++seq, z(5)), null);
            assertEquals(seq, s.pollDurableSeq(), "a truncation is durable when it returns");
            assertEquals(z(5), s.lastZxid());
            s.execute(new LogOp.Append(++seq, Zxid.of(2, 1), create(100)), null);
            awaitDurable(s, seq);
        }
        try (ZabStorage s = ZabStorage.open(config("t"), 1_000, 1_000, () -> { })) {
            assertEquals(Zxid.of(2, 1), s.lastZxid());
            assertFalse(s.contains(z(6)));
            assertTrue(s.contains(z(5)));
        }
    }

    /** A leader's view streamed into an image, installed on a follower with the proposals after it. */
    @Test
    void snapInstallReplacesStateAndLogAndAnInterruptedOneIsFinished() throws Exception {
        SnapshotDelta image;
        long seq = 0;
        try (ZabStorage leader = ZabStorage.open(config("leader"), 1_000, 1_000, () -> { })) {
            for (int i = 1; i <= 20; i++) {
                leader.execute(new LogOp.Append(++seq, z(i), create(i)), null);
            }
            awaitDurable(leader, seq);
            leader.applyTo(z(15), (txn, r) -> { });
            SnapshotImageBuilder b = new SnapshotImageBuilder(1_000_000);
            try (SnapshotView v = leader.viewAt(z(15))) {
                v.stream(b);
            }
            image = b.build();
        }
        assertEquals(z(15), image.zxid());
        List<LogEntry> after = new ArrayList<>();
        for (int i = 16; i <= 20; i++) {
            byte[] t = create(i);
            java.nio.ByteBuffer.wrap(t).putLong(ZabStorage.HEADER_ZXID_OFFSET, z(i));
            after.add(new LogEntry(z(i), t));
        }
        try (ZabStorage f = ZabStorage.open(config("follower"), 1_000, 1_000, () -> { })) {
            f.execute(new LogOp.Append(1, Zxid.of(0, 0) + 5, create(99)), null); // a divergent old history
            f.execute(new LogOp.InstallSnapshot(2, z(15), 1, after), image);
            assertEquals(2, f.pollDurableSeq());
            assertEquals(z(15), f.appliedZxid());
            assertEquals(z(20), f.lastZxid());
            assertEquals(image.digest(), f.tree().digest());
        }
        try (ZabStorage f = ZabStorage.open(config("follower"), 1_000, 1_000, () -> { })) {
            assertEquals(z(15), f.baseZxid());
            assertEquals(z(20), f.lastZxid());
            assertFalse(f.contains(5));
        }

        // a follower whose state is ahead in another history (a higher snapshot and checkpoint) is replaced too
        EngineConfig ahead = config("ahead");
        try (ZabStorage f = ZabStorage.open(ahead, 1_000, 1_000, () -> { })) {
            for (int i = 1; i <= 3; i++) {
                f.execute(new LogOp.Append(i, Zxid.of(3, i), create(200 + i)), null);
            }
            awaitDurable(f, 3);
            f.applyTo(Zxid.of(3, 3), (txn, r) -> { });
        }
        try (ZabStorage f = ZabStorage.open(ahead, 1_000, 1_000, () -> { })) {
            assertEquals(Zxid.of(3, 3), f.baseZxid());
            f.execute(new LogOp.InstallSnapshot(1, z(15), 1, after), image);
            assertEquals(image.digest(), f.tree().digest());
        }
        for (var c : SnapshotStore.listCheckpoints(ahead.snapshotDir())) {
            assertTrue(c.zxid() <= z(15), "checkpoint " + Zxid.toHex(c.zxid()) + " of the replaced history kept");
        }
        try (ZabStorage f = ZabStorage.open(ahead, 1_000, 1_000, () -> { })) {
            assertEquals(z(15), f.appliedZxid());
            assertEquals(z(20), f.lastZxid());
        }

        // crash after the store switched but before the log was replaced: recovery finishes the install
        EngineConfig c = config("crashed");
        try (ZabStorage f = ZabStorage.open(c, 1_000, 1_000, () -> { })) {
            f.execute(new LogOp.Append(1, 7, create(98)), null);
            awaitDurable(f, 1);
        }
        new InstallIntent(z(15), after).write(c.dataDir());
        try (SnapshotStore store = SnapshotStore.open(c.snapshotDir(), c.snapshotStoreConfig())) {
            store.write(image);
        }
        try (ZabStorage f = ZabStorage.open(c, 1_000, 1_000, () -> { })) {
            assertEquals(z(15), f.baseZxid());
            assertEquals(z(20), f.lastZxid());
            assertFalse(f.contains(7));
            assertNull(InstallIntent.read(c.dataDir()));
        }

        // crash before the store switched: the intent is dropped, the old state stays
        EngineConfig c2 = config("early");
        try (ZabStorage f = ZabStorage.open(c2, 1_000, 1_000, () -> { })) {
            f.execute(new LogOp.Append(1, 7, create(97)), null);
            awaitDurable(f, 1);
        }
        new InstallIntent(z(15), after).write(c2.dataDir());
        assertNotNull(InstallIntent.read(c2.dataDir()));
        try (ZabStorage f = ZabStorage.open(c2, 1_000, 1_000, () -> { })) {
            assertEquals(7, f.lastZxid());
            assertNull(InstallIntent.read(c2.dataDir()));
        }
    }
}
