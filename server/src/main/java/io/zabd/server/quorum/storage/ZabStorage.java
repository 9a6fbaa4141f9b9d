package io.zabd.server.quorum.storage;

import io.zabd.engine.Engine;
import io.zabd.engine.EngineConfig;
import io.zabd.engine.log.DurabilityListener;
import io.zabd.engine.log.GroupCommitLog;
import io.zabd.engine.log.LogCursor;
import io.zabd.engine.log.TxnLog;
import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.snapshot.SnapshotView;
import io.zabd.engine.snapshot.StoredCheckpoint;
import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnCodec;
import io.zabd.engine.txn.TxnHeader;
import io.zabd.engine.txn.Zxid;
import io.zabd.engine.util.Invariants;
import io.zabd.server.zab.EpochWrite;
import io.zabd.server.zab.LogEntry;
import io.zabd.server.zab.LogOp;
import io.zabd.server.zab.LogView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.LongArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine as the ZAB core needs it. Owned by the runtime thread (every method but the
 * durability listener, which the group-commit writer calls).
 *
 * <ul>
 *   <li><b>LogView</b>: an in-memory index of the log after {@link #baseZxid()} (the recovered
 *       snapshot's zxid, raised as applied entries are trimmed beyond {@code logCacheEntriesMax}); it
 *       shows every op handed out, durable or not, as the core requires. Only the newest
 *       {@code payloadCacheEntries} payloads stay in memory; older applied and durable ones are
 *       dropped and read back from the log on disk for a DIFF (the engine keeps every record above
 *       the base: {@link Engine#retainLogAfter}). Keeping 100,000 payloads of 1 KiB on the heap made
 *       every young collection copy the proposals of the last second (pauses of 10-35 ms).</li>
 *   <li><b>Append</b>: the txn's header zxid (bytes 12..19 of the TxnCodec encoding) is set to the
 *       entry's zxid (the leader's submitters do not know it yet; on followers it is already set), the
 *       bytes are offered to the {@link GroupCommitLog}.</li>
 *   <li><b>Truncate</b>: the engine is closed (group commit drains and forces), the log truncated with
 *       {@link TxnLog#truncateAfter}, the engine reopened at the applied zxid.</li>
 *   <li><b>InstallSnapshot</b>: {@link InstallIntent} (intent file, full snapshot into the store,
 *       log replaced, intent deleted), then the engine reopened at the snapshot's zxid.</li>
 *   <li><b>Durability</b>: pending Appends are kept as (seq, zxid); the group-commit writer's durable
 *       zxid releases those at or below it. Truncate and InstallSnapshot are durable when they return
 *       (every earlier Append was forced when the engine closed).</li>
 *   <li><b>Epochs</b>: acceptedEpoch with its leader and currentEpoch in the snapshot store's meta column
 *       family, one synced batch each, durable when the call returns.</li>
 *   <li><b>Apply</b>: committed entries go through {@link Engine#apply}, so the engine's background
 *       snapshots follow the applied state. The state machine starts at the snapshot: the log tail after
 *       it may hold uncommitted proposals and is not replayed on recovery.</li>
 * </ul>
 */
public final class ZabStorage implements LogView, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZabStorage.class);
    /** Offset of the zxid field in a TxnCodec-encoded transaction (after clientId and cxid). */
    public static final int HEADER_ZXID_OFFSET = 12;
    private static final String INCARNATION_FILE = "zab-incarnation";
    private static final long SNAPSHOT_WAIT_MS = 60_000;

    /** Receives each applied transaction, on the runtime thread. */
    public interface ApplyListener {
        void onApplied(Txn txn, ApplyResult result);

        /** Just before {@code txn} is applied (the tree still shows the state before it). */
        default void beforeApply(Txn txn) {}
    }

    private final EngineConfig config;
    private final int logCacheEntriesMax;
    private final int payloadCacheEntries;
    private final Runnable wakeup;
    private final long incarnation;
    private Engine engine;
    private GroupCommitLog gcl;
    private final LogIndex entries = new LogIndex();
    private int trimmed;
    /** Entries in [trimmed, payloadsFrom) have no payload in memory (evicted: read back from disk). */
    private int payloadsFrom;
    /** The leader's own proposals as encoded, with the txns they came from: applied without decoding. */
    private final ArrayDeque<OwnTxn> ownTxns = new ArrayDeque<>();
    private long base;
    /** Appends not yet durable, oldest first: their op sequence numbers and zxids, side by side (no object per append). */
    private final LongArrayQueue pendingSeqs = new LongArrayQueue(-1);
    private final LongArrayQueue pendingZxids = new LongArrayQueue(-1);
    /** Appends were queued to the log writer without waking it; {@link #wakeLogWriter} wakes it once. */
    private boolean logWakePending;
    private long durableSeq;
    private long reportedSeq;
    private volatile IOException logFailure;
    private long appliedZxid;
    private final UnsafeBuffer rawView = new UnsafeBuffer(0, 0);

    private record OwnTxn(byte[] payload, Txn txn) {}

    private ZabStorage(EngineConfig config, int logCacheEntriesMax, int payloadCacheEntries, Runnable wakeup,
            long incarnation) {
        this.config = config;
        this.logCacheEntriesMax = logCacheEntriesMax;
        this.payloadCacheEntries = payloadCacheEntries;
        this.wakeup = wakeup;
        this.incarnation = incarnation;
    }

    /** Recovers (finishing an interrupted SNAP install first) and starts group commit. */
    public static ZabStorage open(EngineConfig config, int logCacheEntriesMax, int payloadCacheEntries, Runnable wakeup)
            throws IOException {
        Invariants.check(logCacheEntriesMax >= 1, "logCacheEntriesMax must be positive");
        Invariants.check(payloadCacheEntries >= 1, "payloadCacheEntries must be positive");
        Files.createDirectories(config.dataDir());
        Files.createDirectories(config.dataLogDir());
        long incarnation = nextIncarnation(config.dataDir());
        recoverInstall(config);
        ZabStorage s = new ZabStorage(config, logCacheEntriesMax, payloadCacheEntries, wakeup, incarnation);
        s.openEngine(0);
        s.setBase(s.engine.lastZxid());
        s.appliedZxid = s.base;
        try (LogCursor c = s.engine.log().readFrom(s.base + 1)) {
            while (c.next()) {
                s.entries.add(c.zxid(), c.payloadBytes());
            }
        }
        s.startLog();
        LOG.info("ZAB storage at {}: snapshot {}, log to {} ({} entries after it), incarnation {}", config.dataDir(),
                Zxid.toHex(s.base), Zxid.toHex(s.lastZxid()), s.entries.size(), incarnation);
        return s;
    }

    private static long nextIncarnation(Path dataDir) throws IOException {
        Path f = dataDir.resolve(INCARNATION_FILE);
        long n = 0;
        if (Files.exists(f)) {
            String text = Files.readString(f).trim();
            try {
                n = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException(f + ": not a number: '" + text + "'");
            }
        }
        n++;
        Path tmp = dataDir.resolve(INCARNATION_FILE + ".tmp");
        Files.writeString(tmp, Long.toString(n));
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        InstallIntent.forceDirectory(dataDir);
        return n;
    }

    private static void recoverInstall(EngineConfig config) throws IOException {
        InstallIntent intent = InstallIntent.read(config.dataDir());
        if (intent == null) {
            return;
        }
        long storeZxid;
        try (SnapshotStore store = SnapshotStore.open(config.snapshotDir(), config.snapshotStoreConfig())) {
            storeZxid = store.lastZxid();
        }
        if (storeZxid == intent.snapshotZxid()) {
            LOG.warn("finishing an interrupted SNAP install at {}: replacing the log by {} proposals",
                    Zxid.toHex(storeZxid), intent.entries().size());
            replaceLog(config, intent.entries());
        } else {
            LOG.warn("dropping an interrupted SNAP install at {} (store still at {})",
                    Zxid.toHex(intent.snapshotZxid()), Zxid.toHex(storeZxid));
        }
        InstallIntent.delete(config.dataDir());
    }

    private static void replaceLog(EngineConfig config, List<LogEntry> entries) throws IOException {
        try (TxnLog log = TxnLog.open(config.logConfig())) {
            log.truncateAfter(0);
            UnsafeBuffer view = new UnsafeBuffer(0, 0);
            for (LogEntry e : entries) {
                view.wrap(e.txn());
                log.append(e.zxid(), view, 0, e.txn().length);
            }
            log.force();
        }
    }

    private void openEngine(long replayToZxid) throws IOException {
        engine = Engine.open(config, replayToZxid);
        engine.retainLogAfter(base);
    }

    /** Moves the base; the log on disk keeps every record above it (evicted payloads are read there). */
    private void setBase(long zxid) {
        base = zxid;
        engine.retainLogAfter(zxid);
    }

    private void startLog() {
        gcl = engine.startLog(new DurabilityListener() {
            @Override
            public void onDurable(long zxid) {
                wakeup.run();
            }

            @Override
            public void onFailure(IOException cause) {
                logFailure = cause;
                wakeup.run();
            }
        });
    }

    private void closeEngine() throws IOException {
        engine.close();
        IOException f = gcl.failure();
        engine = null;
        gcl = null;
        if (f != null) {
            throw new IOException("transaction log failed before close", f);
        }
    }

    // ---------------------------------------------------------------- recovered state

    public long incarnation() {
        return incarnation;
    }

    public long acceptedEpoch() throws IOException {
        return Math.max(0, engine.snapshots().acceptedEpoch());
    }

    public long acceptedEpochLeader() throws IOException {
        return engine.snapshots().acceptedEpochLeader();
    }

    public long currentEpoch() throws IOException {
        return Math.max(0, engine.snapshots().currentEpoch());
    }

    /** Where the log is forced to: the last zxid of a durable Append, or the end of a TRUNC/SNAP. */
    public long durableZxid() {
        return pendingZxids.isEmpty() ? lastZxid() : Math.min(lastZxid(), gcl.durableZxid());
    }

    public long appliedZxid() {
        return appliedZxid;
    }

    /** The state machine (runtime thread only). */
    public DataTree tree() {
        return engine.tree();
    }

    // ---------------------------------------------------------------- log ops

    /** Executes one op; {@code image} is the streamed snapshot for an InstallSnapshot, else null. */
    public void execute(LogOp op, SnapshotDelta image) throws IOException {
        checkLog();
        if (op instanceof LogOp.Append a) {
            append(a);
        } else if (op instanceof LogOp.Truncate t) {
            truncate(t);
        } else {
            install((LogOp.InstallSnapshot) op, image);
        }
    }

    private void append(LogOp.Append a) throws IOException {
        byte[] txn = a.txn();
        if (txn.length < TxnHeader.ENCODED_BYTES) {
            throw new IOException("transaction at " + Zxid.toHex(a.zxid()) + " is " + txn.length
                    + " bytes, shorter than a header");
        }
        ByteBuffer.wrap(txn).putLong(HEADER_ZXID_OFFSET, a.zxid());
        Invariants.check(a.zxid() > lastZxid(), "append 0x%x after 0x%x", a.zxid(), lastZxid());
        entries.add(a.zxid(), txn);
        if (!gcl.offerDeferred(a.zxid(), txn)) {
            gcl.wakeWriter();
            while (!gcl.offer(a.zxid(), txn)) {
                checkLog();
                Thread.onSpinWait(); // the writer drains a full queue in one batch
            }
        }
        logWakePending = true;
        pendingSeqs.offerLong(a.seq());
        pendingZxids.offerLong(a.zxid());
    }

    /**
     * Wakes the log writer if appends were queued since the last call. The runtime calls this once at
     * the end of each duty cycle, so the writer takes the cycle's appends as one batch and one force
     * instead of forcing the first of them while the rest are still being queued.
     */
    public void wakeLogWriter() {
        if (logWakePending) {
            logWakePending = false;
            gcl.wakeWriter();
        }
    }

    private void truncate(LogOp.Truncate t) throws IOException {
        long start = System.nanoTime();
        closeEngine();
        try (TxnLog log = TxnLog.open(config.logConfig())) {
            log.truncateAfter(t.zxid());
        }
        openEngine(appliedZxid);
        Invariants.check(engine.lastZxid() == appliedZxid, "engine reopened at 0x%x, applied 0x%x",
                engine.lastZxid(), appliedZxid);
        startLog();
        while (!entries.isEmpty() && entries.zxid(entries.size() - 1) > t.zxid()) {
            entries.removeLast();
        }
        payloadsFrom = Math.min(payloadsFrom, entries.size());
        ownTxns.clear();
        syncDone(t.seq());
        LOG.info("TRUNC: log truncated after {} in {} ms", Zxid.toHex(t.zxid()), (System.nanoTime() - start) / 1_000_000);
    }

    private void install(LogOp.InstallSnapshot s, SnapshotDelta image) throws IOException {
        if (image == null || image.zxid() != s.zxid()) {
            throw new IOException("SNAP install at " + Zxid.toHex(s.zxid()) + " without its streamed snapshot");
        }
        long start = System.nanoTime();
        closeEngine();
        new InstallIntent(s.zxid(), s.entries()).write(config.dataDir());
        try (SnapshotStore store = SnapshotStore.open(config.snapshotDir(), config.snapshotStoreConfig())) {
            store.write(image);
        }
        dropCheckpointsAfter(s.zxid());
        replaceLog(config, s.entries());
        InstallIntent.delete(config.dataDir());
        openEngine(s.zxid());
        Invariants.check(engine.lastZxid() == s.zxid(), "engine reopened at 0x%x after SNAP at 0x%x",
                engine.lastZxid(), s.zxid());
        startLog();
        entries.clear();
        trimmed = 0;
        payloadsFrom = 0;
        ownTxns.clear();
        for (LogEntry e : s.entries()) {
            entries.add(e.zxid(), e.txn());
        }
        setBase(s.zxid());
        appliedZxid = s.zxid();
        syncDone(s.seq());
        LOG.info("SNAP installed at {} ({} nodes) with {} proposals after it, in {} ms", Zxid.toHex(s.zxid()),
                image.upsertedNodes().size(), s.entries().size(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Checkpoints of a history above the installed snapshot would be kept as the newest by retention
     * and would move the log purge point past the new log: remove them.
     */
    private void dropCheckpointsAfter(long zxid) throws IOException {
        for (StoredCheckpoint c : SnapshotStore.listCheckpoints(config.snapshotDir())) {
            if (c.zxid() > zxid) {
                try (var walk = Files.walk(c.path())) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
                LOG.info("SNAP install: removed checkpoint {} of the replaced history", Zxid.toHex(c.zxid()));
            }
        }
    }

    private void syncDone(long seq) {
        pendingSeqs.clear();
        pendingZxids.clear();
        durableSeq = seq;
    }

    private void checkLog() throws IOException {
        IOException f = logFailure;
        if (f != null) {
            throw new IOException("transaction log writer failed", f);
        }
    }

    /**
     * The highest op sequence number now durable (the group-commit log's durable zxid mapped back
     * to the Appends at or below it), or -1 if nothing new since the last call.
     */
    public long pollDurableSeq() throws IOException {
        checkLog();
        long d = gcl.durableZxid();
        while (!pendingZxids.isEmpty() && pendingZxids.peekLong() <= d) {
            pendingZxids.pollLong();
            durableSeq = pendingSeqs.pollLong();
        }
        if (durableSeq > reportedSeq) {
            reportedSeq = durableSeq;
            return durableSeq;
        }
        return -1;
    }

    // ---------------------------------------------------------------- epochs

    public void persist(EpochWrite w) throws IOException {
        if (w.kind() == EpochWrite.Kind.ACCEPTED) {
            engine.snapshots().setAcceptedEpoch(w.epoch(), w.leaderId());
        } else {
            engine.snapshots().setCurrentEpoch(w.epoch());
        }
    }

    // ---------------------------------------------------------------- apply and SNAP send

    /** Applies the committed entries after the applied zxid up to {@code toZxid}, in order. */
    public void applyTo(long toZxid, ApplyListener listener) throws IOException {
        int i = indexAfter(appliedZxid);
        while (i < entries.size() && entries.zxid(i) <= toZxid) {
            long zxid = entries.zxid(i);
            byte[] payload = entries.payload(i++);
            Invariants.check(payload != null, "entry 0x%x to apply has no payload", zxid);
            Txn txn = decoded(zxid, payload);
            Invariants.check(txn.zxid() == zxid, "entry 0x%x carries header zxid 0x%x", zxid, txn.zxid());
            listener.beforeApply(txn);
            ApplyResult r = engine.apply(txn);
            appliedZxid = zxid;
            listener.onApplied(txn, r);
        }
        Invariants.check(appliedZxid == toZxid, "told to apply up to 0x%x but the log reached 0x%x",
                toZxid, appliedZxid);
        trim();
    }

    /**
     * Leader: {@code payload} is the encoding of {@code txn}, about to be proposed; when its entry is
     * applied, {@code txn} is used instead of decoding the payload again. Runtime thread.
     */
    public void rememberOwn(byte[] payload, Txn txn) {
        if (ownTxns.size() >= logCacheEntriesMax) {
            ownTxns.clear(); // nothing applies them (this member stopped leading): forget, decoding is correct too
        }
        ownTxns.addLast(new OwnTxn(payload, txn));
    }

    /** The entry's txn: the leader's own object when it proposed this very payload, else decoded. */
    private Txn decoded(long zxid, byte[] payload) {
        while (!ownTxns.isEmpty()) {
            OwnTxn own = ownTxns.peekFirst();
            if (own.txn().zxid() < zxid) {
                ownTxns.pollFirst(); // refused or replaced: never applied here
            } else if (own.payload() == payload) {
                ownTxns.pollFirst();
                return own.txn();
            } else {
                break;
            }
        }
        return TxnCodec.fromBytes(payload);
    }

    private void trim() {
        evictPayloads();
        int live = entries.size() - trimmed;
        if (live <= logCacheEntriesMax) {
            return;
        }
        int drop = 0;
        while (live - drop > logCacheEntriesMax && trimmed + drop < entries.size()
                && entries.zxid(trimmed + drop) <= appliedZxid) {
            drop++;
        }
        if (drop > 0) {
            setBase(entries.zxid(trimmed + drop - 1));
            trimmed += drop;
            payloadsFrom = Math.max(payloadsFrom, trimmed);
            if (trimmed > entries.size() / 2) {
                entries.dropFirst(trimmed);
                payloadsFrom -= trimmed;
                trimmed = 0;
            }
        }
    }

    /** Drops the payloads of applied, durable entries older than the newest {@code payloadCacheEntries}. */
    private void evictPayloads() {
        int keepFrom = entries.size() - payloadCacheEntries;
        int k = Math.max(payloadsFrom, trimmed);
        if (k >= keepFrom) {
            return;
        }
        long durable = gcl.durableZxid();
        while (k < keepFrom) {
            long zxid = entries.zxid(k);
            if (zxid > appliedZxid || zxid > durable) {
                break;
            }
            entries.evict(k);
            k++;
        }
        payloadsFrom = k;
    }

    /**
     * A consistent view of the applied state at {@code zxid} for a SNAP: the engine snapshots what
     * was applied since its last snapshot and waits for the store to hold it. The caller streams
     * the view (from any thread) and closes it.
     */
    public SnapshotView viewAt(long zxid) throws IOException {
        Invariants.check(zxid == appliedZxid, "SNAP at 0x%x but applied is 0x%x", zxid, appliedZxid);
        engine.snapshotNow();
        try {
            if (!engine.awaitSnapshot(zxid, SNAPSHOT_WAIT_MS)) {
                throw new IOException("snapshot at " + Zxid.toHex(zxid) + " not written within " + SNAPSHOT_WAIT_MS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the snapshot at " + Zxid.toHex(zxid));
        }
        SnapshotView view = engine.snapshots().openView();
        if (view.lastZxid() != zxid) {
            long at = view.lastZxid();
            view.close();
            throw new IOException("snapshot store at " + Zxid.toHex(at) + ", SNAP needs " + Zxid.toHex(zxid));
        }
        return view;
    }

    // ---------------------------------------------------------------- LogView

    private int indexAfter(long zxid) {
        int i = search(zxid);
        return i >= 0 ? i + 1 : -(i + 1);
    }

    private int search(long zxid) {
        int lo = trimmed;
        int hi = entries.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long z = entries.zxid(mid);
            if (z < zxid) {
                lo = mid + 1;
            } else if (z > zxid) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    @Override
    public long lastZxid() {
        return entries.size() > trimmed ? entries.zxid(entries.size() - 1) : base;
    }

    @Override
    public long baseZxid() {
        return base;
    }

    @Override
    public boolean contains(long zxid) {
        return zxid == base || (zxid > base && search(zxid) >= 0);
    }

    @Override
    public long floorZxid(long zxid) {
        if (zxid < base) {
            return -1;
        }
        int i = search(zxid);
        if (i >= 0) {
            return zxid;
        }
        int ins = -(i + 1);
        return ins <= trimmed ? base : entries.zxid(ins - 1);
    }

    @Override
    public List<LogEntry> readAfter(long afterZxid, int maxEntries) {
        List<LogEntry> out = new ArrayList<>();
        int k = indexAfter(Math.max(afterZxid, base));
        if (k < payloadsFrom && maxEntries > 0) {
            k = readEvicted(k, maxEntries, out);
        }
        for (; k < entries.size() && out.size() < maxEntries; k++) {
            out.add(new LogEntry(entries.zxid(k), entries.payload(k)));
        }
        return out;
    }

    /** Reads the evicted entries from index {@code k} on back from the log on disk; the index after them. */
    private int readEvicted(int k, int maxEntries, List<LogEntry> out) {
        try (LogCursor c = gcl.readFrom(entries.zxid(k))) {
            while (k < payloadsFrom && out.size() < maxEntries) {
                long zxid = entries.zxid(k);
                if (!c.next()) {
                    throw new UncheckedIOException(new IOException("the log on disk ends before " + Zxid.toHex(zxid)
                            + ", which it must keep for a DIFF"));
                }
                Invariants.check(c.zxid() == zxid, "log on disk has 0x%x where the index has 0x%x", c.zxid(), zxid);
                out.add(new LogEntry(zxid, c.payloadBytes()));
                k++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading proposals back from the log for a DIFF", e);
        }
        return k;
    }

    @Override
    public void close() throws IOException {
        if (engine != null) {
            closeEngine();
        }
    }
}
