package io.zabd.engine.snapshot;

import io.zabd.engine.jute.JuteException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * A consistent, read-only view of the snapshot store at one lastZxid, backed by a RocksDB snapshot:
 * writes that land after it was opened are invisible to it. Used for load at start-up and for
 * streaming a SNAP to a follower from another thread while the store keeps being written. Every
 * read verifies RocksDB block checksums. Close it promptly: it pins the files it reads.
 */
public final class SnapshotView implements AutoCloseable {
    /** Readahead for the sequential scans of a stream. */
    static final long STREAM_READAHEAD_BYTES = 2L << 20;
    /** Entries per {@link SnapshotCursor#next} call in {@link #stream}. */
    static final int STREAM_CHUNK_ENTRIES = 4096;

    private final SnapshotStore store;
    private final Snapshot snapshot;
    private final ReadOptions readOptions;
    private final long lastZxid;
    private final long digest;
    private boolean closed;
    /** Guarded by this. */
    private final List<SnapshotCursor> cursors = new ArrayList<>();

    SnapshotView(SnapshotStore store, Snapshot snapshot) throws SnapshotStoreException {
        this.store = store;
        this.snapshot = snapshot;
        this.readOptions = new ReadOptions().setSnapshot(snapshot).setVerifyChecksums(true).setFillCache(false)
                .setReadaheadSize(STREAM_READAHEAD_BYTES);
        try {
            this.lastZxid = readLong(SnapshotCodec.META_LAST_ZXID, "lastZxid");
            this.digest = lastZxid == SnapshotStore.NONE ? 0 : readLong(SnapshotCodec.META_DIGEST, "digest");
        } catch (SnapshotStoreException | RuntimeException e) {
            readOptions.close();
            store.db().releaseSnapshot(snapshot);
            throw e;
        }
    }

    private long readLong(byte[] key, String name) throws SnapshotStoreException {
        try {
            byte[] v = store.db().get(store.handle(RocksSetup.META), readOptions, key);
            return v == null ? SnapshotStore.NONE : SnapshotCodec.longValue(v, "meta." + name);
        } catch (RocksDBException | JuteException e) {
            throw new SnapshotStoreException(directory(), "read " + name, e);
        }
    }

    private Path directory() {
        return store.directory();
    }

    /** zxid of the state this view shows ({@link SnapshotStore#NONE} for an empty store). */
    public long lastZxid() {
        return lastZxid;
    }

    public long digest() {
        return digest;
    }

    /**
     * Streams the whole view into {@code sink}: every ACL entry, every session, every node in key
     * order (a parent's path is a prefix of its child's, so it comes first), then
     * {@code end(lastZxid, digest)}. A RocksDB error or a value that does not decode stops the stream
     * with a {@link SnapshotStoreException} naming the store directory and the key.
     */
    public void stream(SnapshotSink sink) throws SnapshotStoreException {
        try (SnapshotCursor cursor = openCursor()) {
            while (cursor.next(sink, STREAM_CHUNK_ENTRIES)) {
                // each chunk went to the sink
            }
        }
    }

    /** A pull-style stream over this view, see {@link SnapshotCursor}. */
    public synchronized SnapshotCursor openCursor() throws SnapshotStoreException {
        if (closed) {
            throw new SnapshotStoreException(directory(), "stream view", "view is closed");
        }
        SnapshotCursor cursor = new SnapshotCursor(this);
        cursors.add(cursor);
        return cursor;
    }

    /** Called with this view's monitor held. */
    RocksIterator newIterator(int family) {
        return store.db().newIterator(store.handle(family), readOptions);
    }

    /** Called with this view's monitor held. */
    void cursorClosed(SnapshotCursor cursor) {
        cursors.remove(cursor);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    SnapshotStore store() {
        return store;
    }

    /** Releases the RocksDB snapshot and closes open cursors (waiting for a chunk in progress on another thread). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (SnapshotCursor c : new ArrayList<>(cursors)) {
            c.close();
        }
        closed = true;
        readOptions.close();
        store.viewClosed(this, snapshot);
    }
}
