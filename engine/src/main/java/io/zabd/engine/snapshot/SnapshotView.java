package io.zabd.engine.snapshot;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.txn.Zxid;
import java.nio.file.Path;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
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

    private final SnapshotStore store;
    private final Snapshot snapshot;
    private final ReadOptions readOptions;
    private final long lastZxid;
    private final long digest;
    private boolean closed;

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
     * Streams the view into {@code sink}: every ACL entry, every session, every node in key order
     * (a parent's path is a prefix of its child's, so it comes first), then
     * {@code end(lastZxid, digest)}. A RocksDB error or a value that does not decode stops the stream
     * with a {@link SnapshotStoreException} naming the store directory and the key.
     */
    public synchronized void stream(SnapshotSink sink) throws SnapshotStoreException {
        if (closed) {
            throw new SnapshotStoreException(directory(), "stream view", "view is closed");
        }
        RocksDB db = store.db();
        scan(db, store.handle(RocksSetup.ACLS), "acls", (k, v) -> {
            long ref = SnapshotCodec.longValue(k, "acls key");
            sink.acl(ref, SnapshotCodec.acl(ref, v));
        });
        scan(db, store.handle(RocksSetup.SESSIONS), "sessions",
                (k, v) -> sink.session(SnapshotCodec.longValue(k, "sessions key"),
                        SnapshotCodec.intValue(v, "session timeout")));
        scan(db, store.handle(RocksSetup.NODES), "nodes", (k, v) -> sink.node(SnapshotCodec.node(
                SnapshotCodec.path(k), v)));
        sink.end(lastZxid, digest);
    }

    private interface Entry {
        void accept(byte[] key, byte[] value);
    }

    private void scan(RocksDB db, ColumnFamilyHandle cf, String name, Entry entry) throws SnapshotStoreException {
        byte[] key = null;
        try (RocksIterator it = db.newIterator(cf, readOptions)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                key = it.key();
                entry.accept(key, it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new SnapshotStoreException(directory(), "read " + name + " at snapshot " + Zxid.toHex(lastZxid), e);
        } catch (JuteException e) {
            throw new SnapshotStoreException(directory(), "decode " + name + " entry " + printable(key)
                    + " at snapshot " + Zxid.toHex(lastZxid), e);
        }
    }

    private static String printable(byte[] key) {
        if (key == null) {
            return "?";
        }
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < Math.min(key.length, 64); i++) {
            sb.append(String.format("%02x", key[i] & 0xFF));
        }
        return key.length > 64 ? sb.append("...").toString() : sb.toString();
    }

    /** Releases the RocksDB snapshot; waits for a stream in progress on another thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        readOptions.close();
        store.viewClosed(this, snapshot);
    }
}
