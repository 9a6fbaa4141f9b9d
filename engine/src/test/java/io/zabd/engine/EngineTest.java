package io.zabd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.log.DurabilityListener;
import io.zabd.engine.log.GroupCommitLog;
import io.zabd.engine.log.LogCorruptionException;
import io.zabd.engine.log.TxnLog;
import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: the engine facade recovers exactly the tree that was applied, whether it comes back from
 * the log alone, from snapshots plus the log tail, or after a clean close; and it refuses a log
 * with a hole or corruption before valid records, saying where.
 */
class EngineTest {
    private static final long SEED = 11;

    @TempDir
    Path dir;

    private EngineConfig config(long snapCount) {
        return EngineConfig.defaults(dir.resolve("data"), dir.resolve("log")).withSnapCount(snapCount)
                .withPreAllocSizeBytes(1024 * 1024 + 4096 * 2).withRandomSeed(SEED);
    }

    /** Runs {@code count} workload txns through group commit and applies each once durable; returns the expected tree. */
    static DataTree writeThrough(Engine engine, EngineWorkload workload, int count) {
        AtomicLong durable = new AtomicLong(engine.lastZxid());
        GroupCommitLog gcl = engine.startLog(new DurabilityListener() {
            @Override
            public void onDurable(long zxid) {
                durable.set(zxid);
            }

            @Override
            public void onFailure(IOException cause) {
                throw new AssertionError("log failed", cause);
            }
        });
        ArrayDeque<Txn> pending = new ArrayDeque<>();
        for (int i = 0; i < count; i++) {
            Txn txn = workload.next();
            while (!gcl.offer(txn)) {
                applyDurable(engine, pending, durable);
            }
            pending.add(txn);
            applyDurable(engine, pending, durable);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pending.isEmpty()) {
            applyDurable(engine, pending, durable);
            assertTrue(System.nanoTime() < deadline, "group commit made everything durable in time");
            LockSupport.parkNanos(100_000);
        }
        return engine.tree();
    }

    private static void applyDurable(Engine engine, ArrayDeque<Txn> pending, AtomicLong durable) {
        long d = durable.get();
        while (!pending.isEmpty() && pending.peek().zxid() <= d) {
            engine.apply(pending.poll());
        }
    }

    static DataTree expectedTree(long seed, long upToZxid) {
        DataTree tree = new DataTree(false);
        EngineWorkload w = new EngineWorkload(seed);
        while (tree.lastProcessedZxid() < upToZxid) {
            tree.apply(w.next());
        }
        return tree;
    }

    @Test
    void recoversFromTheLogAloneWhenNoSnapshotWasTaken() throws Exception {
        long last;
        long digest;
        try (Engine engine = Engine.open(config(1_000_000))) {
            writeThrough(engine, new EngineWorkload(SEED), 3_000);
            last = engine.lastZxid();
            digest = engine.tree().digest();
        }
        // A clean close writes a final snapshot: reopen replays nothing.
        try (Engine engine = Engine.open(config(1_000_000))) {
            assertEquals(last, engine.lastZxid());
            assertEquals(digest, engine.tree().digest());
            assertEquals(0, engine.recovery().replayedTxns());
            assertEquals(expectedTree(SEED, last).digest(), engine.tree().digest());
        }
    }

    @Test
    void snapshotsDuringTheRunLeaveOnlyTheTailToReplay() throws Exception {
        long last;
        long snapshotZxid;
        Engine engine = Engine.open(config(500));
        try {
            writeThrough(engine, new EngineWorkload(SEED), 5_000);
            last = engine.lastZxid();
            assertTrue(engine.awaitSnapshot(last - 500, 10_000), "a recent snapshot was written");
        } finally {
            engine.closeWithoutFinalSnapshot();
        }
        snapshotZxid = engine.snapshotZxid();
        int checkpoints = SnapshotStore.listCheckpoints(config(500).snapshotDir()).size();
        assertTrue(checkpoints >= 1 && checkpoints <= 3, "checkpoints kept: " + checkpoints);
        try (Engine reopened = Engine.open(config(500))) {
            assertEquals(snapshotZxid, reopened.recovery().snapshotZxid(), "recovery starts from the last snapshot");
            assertEquals(Zxid.counter(last) - Zxid.counter(snapshotZxid), reopened.recovery().replayedTxns(),
                    "only the log after the snapshot is replayed");
            assertEquals(last, reopened.lastZxid());
            assertEquals(expectedTree(SEED, last).digest(), reopened.tree().digest());
        }
    }

    @Test
    void purgedLogStillCoversTheOldestCheckpoint() throws Exception {
        EngineConfig config = config(300);
        Engine engine = Engine.open(config);
        try {
            writeThrough(engine, new EngineWorkload(SEED), 20_000);
            assertTrue(engine.awaitSnapshot(engine.lastZxid() - 300, 10_000));
        } finally {
            // Quiesce the snapshot writer (checkpoints and prunes) before looking at the directories.
            engine.closeWithoutFinalSnapshot();
        }
        long oldest = SnapshotStore.listCheckpoints(config.snapshotDir()).stream().mapToLong(c -> c.zxid()).min()
                .orElseThrow();
        try (TxnLog log = TxnLog.open(config.logConfig())) {
            long first = log.firstZxid();
            assertTrue(first <= oldest + 1, "log starts at " + Zxid.toHex(first) + ", oldest checkpoint "
                    + Zxid.toHex(oldest));
        }
        try (Engine reopened = Engine.open(config)) {
            assertEquals(expectedTree(SEED, reopened.lastZxid()).digest(), reopened.tree().digest());
        }
    }

    @Test
    void corruptionBeforeValidLogRecordsRefusesToOpenNamingTheFile() throws Exception {
        try (Engine engine = Engine.open(config(1_000_000))) {
            writeThrough(engine, new EngineWorkload(SEED), 2_000);
        }
        // Wipe the snapshot so recovery must read the whole log, then flip a byte early in the log.
        deleteTree(dir.resolve("data").resolve("snapshot"));
        Path segment;
        try (Stream<Path> files = Files.list(dir.resolve("log").resolve("txnlog"))) {
            segment = files.filter(p -> p.getFileName().toString().startsWith("log.")).sorted().findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(4096);
            int b = f.read();
            f.seek(4096);
            f.write(b ^ 0x5A);
        }
        LogCorruptionException e = assertThrows(LogCorruptionException.class, () -> Engine.open(config(1_000_000)));
        assertTrue(e.getMessage().contains(segment.getFileName().toString()), e.getMessage());
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> config(1));
        assertThrows(IllegalArgumentException.class, () -> config(100).withPreAllocSizeBytes(10));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
