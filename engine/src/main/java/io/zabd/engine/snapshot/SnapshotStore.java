package io.zabd.engine.snapshot;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Zxid;
import io.zabd.engine.util.Invariants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RateLimiter;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB snapshot store: the data tree at one zxid, kept up to date by incremental
 * {@link SnapshotDelta}s. Layout: the live database in {@code <dir>/live}, retained checkpoints in
 * {@code <dir>/checkpoints/<zxid hex>}. Column families and encodings: {@link SnapshotCodec} and
 * {@code src/docs/formats/snapshot-store.md}.
 *
 * <p>Every write ({@link #write}, the epoch and dbid setters) is one RocksDB WriteBatch, synced
 * through the WAL or (snapshots, by default) made durable by an atomic flush: when the method
 * returns, the change is on stable storage, and a crash leaves either all of it or none.
 * Writers are serialized by a lock (normally only the {@link SnapshotWriter} thread and the ZAB thread
 * for epochs write); reads ({@link #openView}, {@link #load}) see a RocksDB snapshot and may run on
 * any thread while writes go on.
 */
public final class SnapshotStore implements AutoCloseable {
    /** lastZxid, epochs and dbid of a store where they were never written. */
    public static final long NONE = -1;
    static final String LIVE = "live";
    static final String CHECKPOINTS = "checkpoints";
    /** meta key: the leader acceptedEpoch was accepted from (a long; ZooKeeper's file has no such field). */
    static final byte[] META_ACCEPTED_EPOCH_LEADER = "acceptedEpochLeader".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path dbDirectory;
    private final boolean readOnly;
    private final SnapshotStoreConfig config;
    /** Null for a read-only store. */
    private final CheckpointDirectory checkpoints;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles;
    private final RocksDB db;
    private final WriteOptions syncWrite;
    /** Snapshot batches when they skip the WAL ({@link SnapshotStoreConfig#snapshotsThroughWal()} false). */
    private final WriteOptions noWalWrite;
    /** Null when writes are not rate-limited (and for a read-only store). */
    private final RateLimiter rateLimiter;
    private final ReadOptions checkedRead;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Set<SnapshotView> openViews = new HashSet<>();
    /** Guarded by writeLock; used to encode values. */
    private final JuteWriter scratch = new JuteWriter();
    /** Guarded by writeLock; encodes node entries without a heap array each. */
    private final DirectNodeEncoder direct = new DirectNodeEncoder();
    private volatile long lastZxid;
    private volatile long digest;
    private volatile boolean closed;

    private SnapshotStore(Path dbDirectory, boolean readOnly, SnapshotStoreConfig config,
            CheckpointDirectory checkpoints) throws SnapshotStoreException {
        this.dbDirectory = dbDirectory;
        this.readOnly = readOnly;
        this.config = config;
        this.checkpoints = checkpoints;
        RocksSetup.loadLibrary();
        if (!readOnly) {
            RocksSetup.applyThreadPriority(config);
        }
        this.rateLimiter = readOnly ? null : RocksSetup.rateLimiter(config);
        this.dbOptions = RocksSetup.dbOptions(!readOnly, config, rateLimiter);
        this.cfOptions = RocksSetup.columnFamilyOptions();
        this.handles = new ArrayList<>();
        this.syncWrite = new WriteOptions().setSync(true);
        this.noWalWrite = new WriteOptions().setDisableWAL(true);
        this.checkedRead = new ReadOptions().setVerifyChecksums(true);
        RocksDB opened = null;
        try {
            opened = readOnly
                    ? RocksDB.openReadOnly(dbOptions, dbDirectory.toString(), RocksSetup.descriptors(cfOptions), handles,
                            false)
                    : RocksDB.open(dbOptions, dbDirectory.toString(), RocksSetup.descriptors(cfOptions), handles);
            this.db = opened;
            checkFormat();
            this.lastZxid = getMeta(SnapshotCodec.META_LAST_ZXID, "lastZxid");
            this.digest = lastZxid == NONE ? 0 : getMeta(SnapshotCodec.META_DIGEST, "digest");
        } catch (RocksDBException | SnapshotStoreException | RuntimeException e) {
            releaseNative(opened);
            if (e instanceof SnapshotStoreException s) {
                throw s;
            }
            throw new SnapshotStoreException(dbDirectory, "open", e);
        }
    }

    /** Opens (creating if needed) the store in {@code directory}. */
    public static SnapshotStore open(Path directory, SnapshotStoreConfig config) throws SnapshotStoreException {
        CheckpointDirectory checkpoints = new CheckpointDirectory(directory.resolve(CHECKPOINTS));
        try {
            Files.createDirectories(directory.resolve(LIVE));
            Files.createDirectories(checkpoints.root());
            checkpoints.removeLeftovers();
        } catch (IOException e) {
            throw new SnapshotStoreException(directory, "create directories", e);
        }
        return new SnapshotStore(directory.resolve(LIVE), false, config, checkpoints);
    }

    /**
     * Opens a RocksDB directory of this format read-only: a checkpoint ({@link StoredCheckpoint#path})
     * or a store's {@code live} directory whose owner is stopped. Writes, checkpoints and epoch
     * setters throw; views and load work.
     */
    public static SnapshotStore openReadOnly(Path dbDirectory) throws SnapshotStoreException {
        if (!Files.isDirectory(dbDirectory)) {
            throw new SnapshotStoreException(dbDirectory, "open read-only", "no such directory");
        }
        return new SnapshotStore(dbDirectory, true, SnapshotStoreConfig.defaults(), null);
    }

    private void checkFormat() throws RocksDBException, SnapshotStoreException {
        long version = getMeta(SnapshotCodec.META_FORMAT_VERSION, "formatVersion");
        if (version == NONE && !readOnly) {
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(handles.get(RocksSetup.META), SnapshotCodec.META_FORMAT_VERSION,
                        SnapshotCodec.longBytes(SnapshotCodec.FORMAT_VERSION));
                db.write(syncWrite, batch);
            }
            version = getMeta(SnapshotCodec.META_FORMAT_VERSION, "formatVersion");
        }
        if (version != SnapshotCodec.FORMAT_VERSION) {
            throw new SnapshotStoreException(dbDirectory, "open", "unsupported format version " + version
                    + " (this build reads " + SnapshotCodec.FORMAT_VERSION + ")");
        }
    }

    public Path directory() {
        return dbDirectory;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** zxid of the stored snapshot, {@link #NONE} if nothing was ever written. */
    public long lastZxid() {
        return lastZxid;
    }

    /** Tree digest stored with {@link #lastZxid()}. */
    public long digest() {
        return digest;
    }

    /**
     * Writes {@code delta} in one atomic batch and returns when it is durable: a {@code full} delta
     * first deletes every node, ACL and session (range deletes in the same batch), then deletes and
     * upserts, then meta.lastZxid and meta.digest. Durable means: synced in the WAL, or (the
     * default, {@link SnapshotStoreConfig#snapshotsThroughWal()} false) written without the WAL and
     * then flushed, every column family in one atomic flush, to table files; until that flush is
     * committed a crash leaves the previous snapshot. {@code delta.zxid} must not be older than the stored lastZxid
     * unless the delta is full (a SNAP from a leader replaces everything, whatever was stored);
     * an equal zxid rewrites the same state (idempotent).
     */
    public void write(SnapshotDelta delta) throws SnapshotStoreException {
        writeLock.lock();
        try {
            checkWritable("write");
            Invariants.check(lastZxid == NONE || delta.full() || delta.zxid() >= lastZxid,
                    "snapshot at zxid %s is older than the stored lastZxid %s", Zxid.toHex(delta.zxid()),
                    Zxid.toHex(lastZxid));
            checkNoPathBothDeletedAndUpserted(delta);
            try (WriteBatch batch = new WriteBatch()) {
                fillBatch(batch, delta);
                if (config.snapshotsThroughWal()) {
                    db.write(syncWrite, batch);
                } else {
                    db.write(noWalWrite, batch);
                    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
                        db.flush(options, handles);
                    }
                }
            } catch (RocksDBException e) {
                throw new SnapshotStoreException(dbDirectory, "write snapshot " + Zxid.toHex(delta.zxid()), e);
            }
            long readBack = getMetaChecked(SnapshotCodec.META_LAST_ZXID, "lastZxid");
            Invariants.check(readBack == delta.zxid(), "lastZxid read back %s after writing %s", Zxid.toHex(readBack),
                    Zxid.toHex(delta.zxid()));
            lastZxid = delta.zxid();
            digest = delta.digest();
        } finally {
            writeLock.unlock();
        }
    }

    private static void checkNoPathBothDeletedAndUpserted(SnapshotDelta delta) {
        if (delta.deletedPaths().isEmpty()) {
            return;
        }
        Set<String> deleted = new HashSet<>(delta.deletedPaths());
        for (NodeImage n : delta.upsertedNodes()) {
            Invariants.check(!deleted.contains(n.path()), "path %s both deleted and upserted in snapshot %s",
                    n.path(), Zxid.toHex(delta.zxid()));
        }
    }

    private void fillBatch(WriteBatch batch, SnapshotDelta delta) throws RocksDBException {
        ColumnFamilyHandle nodes = handles.get(RocksSetup.NODES);
        ColumnFamilyHandle acls = handles.get(RocksSetup.ACLS);
        ColumnFamilyHandle sessions = handles.get(RocksSetup.SESSIONS);
        ColumnFamilyHandle meta = handles.get(RocksSetup.META);
        if (delta.full()) {
            batch.deleteRange(nodes, SnapshotCodec.START_KEY, SnapshotCodec.NODES_END_KEY);
            batch.deleteRange(acls, SnapshotCodec.START_KEY, SnapshotCodec.LONG_KEYS_END_KEY);
            batch.deleteRange(sessions, SnapshotCodec.START_KEY, SnapshotCodec.LONG_KEYS_END_KEY);
        }
        for (String path : delta.deletedPaths()) {
            batch.delete(nodes, SnapshotCodec.pathKey(path));
        }
        WorkPacer pacer = new WorkPacer(config.writerDutyCyclePercent(), SnapshotStoreConfig.WRITER_SLICE_NS);
        pacer.start();
        for (NodeImage n : delta.upsertedNodes()) {
            batch.put(nodes, direct.key(n.path()), direct.nodeValue(n));
            pacer.tick();
        }
        for (Long ref : delta.deletedAcls()) {
            batch.delete(acls, SnapshotCodec.longBytes(ref));
        }
        for (Map.Entry<Long, List<Acl>> e : delta.upsertedAcls().entrySet()) {
            batch.put(acls, SnapshotCodec.longBytes(e.getKey()), SnapshotCodec.aclValue(e.getValue(), scratch));
        }
        for (Long id : delta.deletedSessions()) {
            batch.delete(sessions, SnapshotCodec.longBytes(id));
        }
        for (Map.Entry<Long, Integer> e : delta.upsertedSessions().entrySet()) {
            batch.put(sessions, SnapshotCodec.longBytes(e.getKey()), SnapshotCodec.intBytes(e.getValue()));
        }
        batch.put(meta, SnapshotCodec.META_LAST_ZXID, SnapshotCodec.longBytes(delta.zxid()));
        batch.put(meta, SnapshotCodec.META_DIGEST, SnapshotCodec.longBytes(delta.digest()));
    }

    /**
     * Streams the stored snapshot into {@code sink} (ACLs, sessions, nodes parents first, then
     * {@code end(lastZxid, digest)}) from a consistent view. Returns false, without calling the sink,
     * if nothing was ever written.
     */
    public boolean load(SnapshotSink sink) throws SnapshotStoreException {
        try (SnapshotView view = openView()) {
            if (view.lastZxid() == NONE) {
                return false;
            }
            view.stream(sink);
            return true;
        }
    }

    /**
     * A consistent read view at the current lastZxid, backed by a RocksDB snapshot: usable from
     * another thread while writes go on. Close it (views still open are closed by {@link #close}).
     */
    public SnapshotView openView() throws SnapshotStoreException {
        writeLock.lock();
        try {
            checkOpen("open view");
            Snapshot snapshot = db.getSnapshot();
            SnapshotView view = new SnapshotView(this, snapshot);
            synchronized (openViews) {
                openViews.add(view);
            }
            return view;
        } finally {
            writeLock.unlock();
        }
    }

    void viewClosed(SnapshotView view, Snapshot snapshot) {
        synchronized (openViews) {
            openViews.remove(view);
        }
        db.releaseSnapshot(snapshot);
    }

    RocksDB db() {
        return db;
    }

    ColumnFamilyHandle handle(int index) {
        return handles.get(index);
    }

    // ---- meta -------------------------------------------------------------------------------

    public long acceptedEpoch() throws SnapshotStoreException {
        return readMeta(SnapshotCodec.META_ACCEPTED_EPOCH, "acceptedEpoch");
    }

    /** Durably records acceptedEpoch (synced); ZAB never lowers it. */
    public void setAcceptedEpoch(long epoch) throws SnapshotStoreException {
        setEpoch(SnapshotCodec.META_ACCEPTED_EPOCH, "acceptedEpoch", epoch);
    }

    /** The leader acceptedEpoch was accepted from ({@link #NONE} if never written with one). */
    public long acceptedEpochLeader() throws SnapshotStoreException {
        return readMeta(META_ACCEPTED_EPOCH_LEADER, "acceptedEpochLeader");
    }

    /**
     * Durably records acceptedEpoch together with the id of the leader it was accepted from, in one
     * synced batch (ZAB binds an accepted epoch to one leader). acceptedEpoch never goes back.
     */
    public void setAcceptedEpoch(long epoch, long leaderId) throws SnapshotStoreException {
        Invariants.check(epoch >= 0 && epoch <= Zxid.COUNTER_MASK, "acceptedEpoch out of range: %s", epoch);
        writeLock.lock();
        try {
            checkWritable("set acceptedEpoch");
            long old = readMeta(SnapshotCodec.META_ACCEPTED_EPOCH, "acceptedEpoch");
            Invariants.check(old == NONE || epoch >= old, "acceptedEpoch would go back from %s to %s", old, epoch);
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(handles.get(RocksSetup.META), SnapshotCodec.META_ACCEPTED_EPOCH, SnapshotCodec.longBytes(epoch));
                batch.put(handles.get(RocksSetup.META), META_ACCEPTED_EPOCH_LEADER, SnapshotCodec.longBytes(leaderId));
                db.write(syncWrite, batch);
            } catch (RocksDBException e) {
                throw new SnapshotStoreException(dbDirectory, "set acceptedEpoch", e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    public long currentEpoch() throws SnapshotStoreException {
        return readMeta(SnapshotCodec.META_CURRENT_EPOCH, "currentEpoch");
    }

    /** Durably records currentEpoch (synced); ZAB never lowers it. */
    public void setCurrentEpoch(long epoch) throws SnapshotStoreException {
        setEpoch(SnapshotCodec.META_CURRENT_EPOCH, "currentEpoch", epoch);
    }

    public long dbid() throws SnapshotStoreException {
        return readMeta(SnapshotCodec.META_DBID, "dbid");
    }

    public void setDbid(long dbid) throws SnapshotStoreException {
        putMeta(SnapshotCodec.META_DBID, "dbid", dbid);
    }

    private void setEpoch(byte[] key, String name, long epoch) throws SnapshotStoreException {
        Invariants.check(epoch >= 0 && epoch <= Zxid.COUNTER_MASK, "%s out of range: %s", name, epoch);
        writeLock.lock();
        try {
            long old = readMeta(key, name);
            Invariants.check(old == NONE || epoch >= old, "%s would go back from %s to %s", name, old, epoch);
            putMeta(key, name, epoch);
        } finally {
            writeLock.unlock();
        }
    }

    private void putMeta(byte[] key, String name, long value) throws SnapshotStoreException {
        writeLock.lock();
        try {
            checkWritable("set " + name);
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(handles.get(RocksSetup.META), key, SnapshotCodec.longBytes(value));
                db.write(syncWrite, batch);
            } catch (RocksDBException e) {
                throw new SnapshotStoreException(dbDirectory, "set " + name, e);
            }
            long readBack = readMeta(key, name);
            Invariants.check(readBack == value, "%s read back %s after writing %s", name, readBack, value);
        } finally {
            writeLock.unlock();
        }
    }

    private long readMeta(byte[] key, String name) throws SnapshotStoreException {
        checkOpen("read " + name);
        return getMetaChecked(key, name);
    }

    private long getMetaChecked(byte[] key, String name) throws SnapshotStoreException {
        try {
            return getMeta(key, name);
        } catch (RocksDBException e) {
            throw new SnapshotStoreException(dbDirectory, "read " + name, e);
        }
    }

    private long getMeta(byte[] key, String name) throws RocksDBException, SnapshotStoreException {
        byte[] value = db.get(handles.get(RocksSetup.META), checkedRead, key);
        if (value == null) {
            return NONE;
        }
        try {
            return SnapshotCodec.longValue(value, "meta." + name);
        } catch (JuteException e) {
            throw new SnapshotStoreException(dbDirectory, "read " + name, e);
        }
    }

    // ---- checkpoints ------------------------------------------------------------------------

    /**
     * Hard-links the current state into {@code <dir>/checkpoints/<zxid hex>} (memtables are flushed
     * first, so the checkpoint needs no WAL), then deletes the oldest checkpoints beyond
     * snapRetainCount. {@code zxid} must be the stored lastZxid. Idempotent for an existing name.
     */
    public StoredCheckpoint checkpoint(long zxid) throws SnapshotStoreException {
        writeLock.lock();
        try {
            checkWritable("checkpoint");
            Invariants.check(zxid == lastZxid, "checkpoint at %s but the store holds %s", Zxid.toHex(zxid),
                    Zxid.toHex(lastZxid));
            Path target = checkpoints.pathOf(zxid);
            if (!Files.isDirectory(target)) {
                try (Checkpoint cp = Checkpoint.create(db)) {
                    cp.createCheckpoint(target.toString());
                    CheckpointDirectory.fsyncDirectory(checkpoints.root());
                } catch (RocksDBException | IOException e) {
                    throw new SnapshotStoreException(dbDirectory, "checkpoint " + target, e);
                }
            }
            try {
                checkpoints.prune(config.snapRetainCount());
            } catch (IOException e) {
                throw new SnapshotStoreException(dbDirectory, "prune checkpoints", e);
            }
            return new StoredCheckpoint(zxid, target);
        } finally {
            writeLock.unlock();
        }
    }

    /** Retained checkpoints of this (writable) store, oldest first. */
    public List<StoredCheckpoint> checkpoints() throws SnapshotStoreException {
        checkWritable("list checkpoints");
        return listCheckpoints(checkpoints.root().getParent());
    }

    /**
     * Retained checkpoints of the store in {@code directory}, oldest first, without opening it (for
     * tools; open one with {@link #openReadOnly}).
     */
    public static List<StoredCheckpoint> listCheckpoints(Path directory) throws SnapshotStoreException {
        try {
            return new CheckpointDirectory(directory.resolve(CHECKPOINTS)).list();
        } catch (IOException e) {
            throw new SnapshotStoreException(directory, "list checkpoints", e);
        }
    }

    /** Flushes memtables to table files and waits (so the WAL is no longer needed). */
    public void flush() throws SnapshotStoreException {
        writeLock.lock();
        try {
            checkWritable("flush");
            try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
                db.flush(options, handles);
            } catch (RocksDBException e) {
                throw new SnapshotStoreException(dbDirectory, "flush", e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void checkOpen(String operation) throws SnapshotStoreException {
        if (closed) {
            throw new SnapshotStoreException(dbDirectory, operation, "store is closed");
        }
    }

    private void checkWritable(String operation) throws SnapshotStoreException {
        checkOpen(operation);
        if (readOnly) {
            throw new SnapshotStoreException(dbDirectory, operation, "store is open read-only");
        }
    }

    /**
     * Closes open views (waiting for a stream in progress), flushes memtables (a writable store), and
     * releases every RocksDB object.
     */
    @Override
    public void close() throws SnapshotStoreException {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            List<SnapshotView> views;
            synchronized (openViews) {
                views = new ArrayList<>(openViews);
            }
            for (SnapshotView v : views) {
                v.close();
            }
            SnapshotStoreException failure = null;
            if (!readOnly) {
                try {
                    flush();
                } catch (SnapshotStoreException e) {
                    failure = e;
                }
            }
            closed = true;
            RocksDBException closeFailure = releaseNative(db);
            if (failure == null && closeFailure != null) {
                failure = new SnapshotStoreException(dbDirectory, "close", closeFailure);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Closes the column family handles, then the database (if any), then the options: the order
     * RocksJava requires. Returns the database's close failure, if any.
     */
    private RocksDBException releaseNative(RocksDB database) {
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        handles.clear();
        RocksDBException failure = null;
        if (database != null) {
            try {
                database.closeE();
            } catch (RocksDBException e) {
                failure = e;
            }
        }
        checkedRead.close();
        syncWrite.close();
        noWalWrite.close();
        cfOptions.close();
        dbOptions.close();
        if (rateLimiter != null) {
            rateLimiter.close();
        }
        return failure;
    }
}
