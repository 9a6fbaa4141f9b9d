package io.zabd.engine;

import io.zabd.engine.log.DurabilityListener;
import io.zabd.engine.log.GroupCommitLog;
import io.zabd.engine.log.LogCursor;
import io.zabd.engine.log.TxnLog;
import io.zabd.engine.snapshot.DeltaSource;
import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.snapshot.SnapshotStoreException;
import io.zabd.engine.snapshot.SnapshotWriter;
import io.zabd.engine.snapshot.StoredCheckpoint;
import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.tree.TreeLoader;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.Zxid;
import io.zabd.engine.util.Invariants;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine as the server sees it: a data tree recovered from the RocksDB snapshot store
 * plus the transaction log after it, a group-commit log to make new transactions durable, and
 * snapshots taken in the background as transactions are applied.
 *
 * <p>Threads: {@link #tree()}, {@link #apply}, {@link #snapshotNow} and {@link #lastZxid} belong to
 * ONE owner thread (the server's state-machine agent). The group-commit writer and the snapshot
 * writer are the engine's own threads. Recovery ({@link #open}) runs on the caller's thread.
 *
 * <p>Durability contract: {@link #apply} is only for transactions already durable in the log (the
 * {@link DurabilityListener} said so). A snapshot therefore never holds a transaction the log could
 * lose, and recovery = load the snapshot at zxid Z, replay the log records after Z.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final EngineConfig config;
    private final SnapshotStore store;
    private final TxnLog log;
    private final DataTree tree;
    private final RecoveryInfo recovery;
    private final SnapshotPolicy policy;
    private final SnapshotWriter snapshotWriter;
    private volatile GroupCommitLog groupCommit;
    private volatile SnapshotStoreException snapshotFailure;
    /** Purges never drop a record above this zxid (see {@link #retainLogAfter}); MAX_VALUE: no floor. */
    private volatile long logRetainedAfterZxid = Long.MAX_VALUE;
    private long lastZxid;
    private long lastSnapshotZxid;
    private boolean storeEmpty;
    private boolean closed;

    private Engine(EngineConfig config, SnapshotStore store, TxnLog log, DataTree tree, RecoveryInfo recovery,
            boolean storeEmpty) {
        this.config = config;
        this.store = store;
        this.log = log;
        this.tree = tree;
        this.recovery = recovery;
        this.lastZxid = recovery.lastZxid();
        this.lastSnapshotZxid = recovery.snapshotZxid();
        this.storeEmpty = storeEmpty;
        this.policy = new SnapshotPolicy(config.snapCount(), config.snapSizeLimitBytes(), config.randomSeed());
        this.snapshotWriter = new SnapshotWriter(store, config.snapshotStoreConfig(), new SnapshotListener());
    }

    /**
     * Opens the data directories and recovers: loads the newest snapshot into a tree (its digest is
     * checked), opens the log (a torn tail is cut back; corruption before valid records refuses to
     * open, naming file, offset and zxid), then replays every log record after the snapshot's zxid.
     */
    public static Engine open(EngineConfig config) throws IOException {
        return open(config, Long.MAX_VALUE);
    }

    /**
     * As {@link #open(EngineConfig)}, but replays only the log records with zxid at most
     * {@code replayToZxid}: a ZAB peer's log may end with proposals that were never committed, so its
     * state machine starts at the snapshot (or at the last applied zxid it knows) and the consensus
     * core decides what is applied later.
     */
    public static Engine open(EngineConfig config, long replayToZxid) throws IOException {
        long startNs = System.nanoTime();
        Files.createDirectories(config.dataDir());
        Files.createDirectories(config.dataLogDir());
        SnapshotStore store = SnapshotStore.open(config.snapshotDir(), config.snapshotStoreConfig());
        TxnLog log = null;
        try {
            TreeLoader loader = DataTree.loader(config.extendedTypesEnabled());
            boolean loaded = store.load(loader);
            DataTree tree = loaded ? loader.tree() : new DataTree(config.extendedTypesEnabled());
            long snapshotZxid = loaded ? store.lastZxid() : 0;
            log = TxnLog.open(config.logConfig());
            checkLogCoversSnapshot(log, snapshotZxid);
            long replayed = replay(log, tree, snapshotZxid, replayToZxid);
            long lastZxid = Math.max(snapshotZxid, tree.lastProcessedZxid());
            RecoveryInfo info = new RecoveryInfo(snapshotZxid, loaded ? tree.nodeCount() : 0, replayed, lastZxid,
                    log.recoveryReport(), (System.nanoTime() - startNs) / 1_000_000);
            LOG.info("recovered {}: snapshot at {}, {} log records replayed, last zxid {}, log repairs {}, {} ms",
                    config.dataDir(), Zxid.toHex(snapshotZxid), replayed, Zxid.toHex(lastZxid),
                    log.recoveryReport().repaired().size(), info.durationMs());
            return new Engine(config, store, log, tree, info, !loaded);
        } catch (IOException | RuntimeException e) {
            closeQuietly(log, e);
            closeQuietly(store, e);
            throw e;
        }
    }

    /**
     * Within one epoch zxids are consecutive, so a log whose first record is past snapshot+1 in the
     * snapshot's epoch has lost records that the tree would need: refuse rather than serve a hole.
     */
    private static void checkLogCoversSnapshot(TxnLog log, long snapshotZxid) throws IOException {
        long first = log.firstZxid();
        if (first == 0 || first <= snapshotZxid + 1) {
            return;
        }
        if (Zxid.epoch(first) == Zxid.epoch(snapshotZxid) && snapshotZxid != 0) {
            throw new IOException("transaction log " + log.config().directory() + " starts at " + Zxid.toHex(first)
                    + " but the snapshot ends at " + Zxid.toHex(snapshotZxid) + ": the records between are missing");
        }
    }

    private static long replay(TxnLog log, DataTree tree, long afterZxid, long toZxid) throws IOException {
        long count = 0;
        long previous = afterZxid;
        try (LogCursor cursor = log.readFrom(afterZxid + 1)) {
            while (cursor.next()) {
                Txn txn = cursor.txn();
                if (txn.zxid() > toZxid) {
                    break;
                }
                Invariants.check(txn.zxid() > previous, "log replay out of order: %s after %s",
                        Zxid.toHex(txn.zxid()), Zxid.toHex(previous));
                tree.apply(txn);
                previous = txn.zxid();
                count++;
            }
        }
        return count;
    }

    public EngineConfig config() {
        return config;
    }

    /** The recovered tree. Owned by the state-machine thread from now on. */
    public DataTree tree() {
        return tree;
    }

    /** The last zxid applied to the tree (recovered or applied since). Owner thread. */
    public long lastZxid() {
        return lastZxid;
    }

    public RecoveryInfo recovery() {
        return recovery;
    }

    /** The transaction log; after {@link #startLog} only its any-thread readers may be used. */
    public TxnLog log() {
        return log;
    }

    /** The snapshot store: epochs (acceptedEpoch/currentEpoch), views for SNAP, checkpoints. */
    public SnapshotStore snapshots() {
        return store;
    }

    /**
     * Keeps every log record above {@code zxid} on disk whatever the snapshot retention would purge:
     * a replicated member reads old proposals back from the log to serve a DIFF. Any thread.
     */
    public void retainLogAfter(long zxid) {
        logRetainedAfterZxid = zxid;
    }

    /** Starts group commit over the recovered log. Once. */
    public GroupCommitLog startLog(DurabilityListener listener) {
        Invariants.check(groupCommit == null, "engine log started twice");
        GroupCommitLog gcl = new GroupCommitLog(log, listener).start();
        groupCommit = gcl;
        return gcl;
    }

    /**
     * Applies a transaction that is durable in the log. Owner thread. May capture the changes since
     * the last snapshot and hand them to the snapshot writer (O(1) here; the first snapshot walks
     * the whole tree).
     *
     * @throws EngineException if the snapshot writer has failed: storage is broken, stop serving
     */
    public ApplyResult apply(Txn txn) {
        Invariants.check(txn.zxid() > lastZxid, "apply out of order: 0x%x after 0x%x", txn.zxid(), lastZxid);
        ApplyResult result = tree.apply(txn);
        lastZxid = txn.zxid();
        if (policy.onApplied(TxnSize.estimate(txn))) {
            snapshotNow();
        }
        return result;
    }

    /** Captures everything applied since the last snapshot and queues it for writing. Owner thread. */
    public void snapshotNow() {
        SnapshotStoreException failure = snapshotFailure;
        if (failure != null) {
            throw new EngineException("snapshot store failed earlier", failure);
        }
        if (lastZxid == lastSnapshotZxid && !storeEmpty) {
            return;
        }
        long captureStartNs = System.nanoTime();
        // An empty store needs the whole tree; a tree built from scratch (no snapshot loaded) has
        // recorded all of it, so the O(1) capture serves and the writer thread builds the lists.
        DeltaSource delta = tree.captureChanges(lastZxid, storeEmpty && !tree.changesCoverWholeTree());
        LOG.info("snapshot at {}: captured {} changes ({}) in {} ms", Zxid.toHex(lastZxid), delta.changeCount(),
                delta.full() ? "full" : "delta", (System.nanoTime() - captureStartNs) / 1_000_000);
        try {
            snapshotWriter.submit(delta);
        } catch (SnapshotStoreException e) {
            throw new EngineException("snapshot store failed", e);
        }
        storeEmpty = false;
        lastSnapshotZxid = lastZxid;
        policy.reset();
    }

    /** Highest zxid durably in the snapshot store. Any thread. */
    public long snapshotZxid() {
        return snapshotWriter.writtenZxid();
    }

    /** Waits for the snapshot store to hold {@code zxid}; false on timeout. Any thread. */
    public boolean awaitSnapshot(long zxid, long timeoutMs) throws InterruptedException {
        try {
            return snapshotWriter.awaitWritten(zxid, timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (SnapshotStoreException e) {
            throw new EngineException("snapshot store failed", e);
        }
    }

    /**
     * Closes in order: group commit drains and forces what it has, a last snapshot of what was
     * applied is written (so the next start replays little), then the writer, the store and the log.
     */
    @Override
    public void close() throws IOException {
        close(true);
    }

    /**
     * Closes without the last snapshot, leaving the store where the background snapshots left it:
     * what a restart after a crash sees (tests use it to exercise snapshot plus log-tail recovery).
     */
    void closeWithoutFinalSnapshot() throws IOException {
        close(false);
    }

    private void close(boolean finalSnapshot) throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        GroupCommitLog gcl = groupCommit;
        if (gcl != null) {
            gcl.close();
        }
        IOException failure = null;
        try {
            if (finalSnapshot && snapshotFailure == null) {
                snapshotNow();
            }
        } catch (EngineException e) {
            failure = new IOException(e.getMessage(), e.getCause());
        }
        try {
            snapshotWriter.close();
        } catch (Exception e) {
            failure = failure == null ? new IOException("closing snapshot writer", e) : failure;
        }
        try {
            store.close();
        } catch (SnapshotStoreException e) {
            failure = failure == null ? e : failure;
        }
        if (gcl == null) {
            log.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private final class SnapshotListener implements SnapshotWriter.Listener {
        @Override
        public void onWritten(long zxid) {
            try {
                store.checkpoint(zxid);
                List<StoredCheckpoint> kept = store.checkpoints();
                GroupCommitLog gcl = groupCommit;
                if (!kept.isEmpty() && gcl != null) {
                    long oldest = kept.get(0).zxid();
                    for (StoredCheckpoint c : kept) {
                        oldest = Math.min(oldest, c.zxid());
                    }
                    gcl.requestPurgeBefore(Math.min(oldest, logRetainedAfterZxid) + 1);
                }
            } catch (SnapshotStoreException e) {
                // A checkpoint is for retention and tools; the live store already holds zxid.
                LOG.warn("snapshot at {} written but its checkpoint failed: {}", Zxid.toHex(zxid), e.getMessage());
            }
        }

        @Override
        public void onFailed(long zxid, SnapshotStoreException error) {
            LOG.error("snapshot store write up to {} failed; the engine stops taking snapshots", Zxid.toHex(zxid), error);
            snapshotFailure = error;
        }
    }

    private static void closeQuietly(AutoCloseable c, Exception into) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            into.addSuppressed(e);
        }
    }
}
