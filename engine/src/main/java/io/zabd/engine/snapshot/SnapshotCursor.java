package io.zabd.engine.snapshot;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.txn.Zxid;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A pull-style stream over a {@link SnapshotView}, for senders that push a snapshot in chunks as
 * their channel allows (leader to follower SNAP): each {@link #next} call hands at most
 * {@code maxEntries} entries to the sink, in the order ACLs, sessions, nodes (parents first), and
 * calls {@code end(lastZxid, digest)} after the last one. One thread at a time; closing the view
 * closes its cursors.
 */
public final class SnapshotCursor implements AutoCloseable {
    private static final int ACLS = 0;
    private static final int SESSIONS = 1;
    private static final int NODES = 2;
    private static final int ENDED = 3;
    private static final int DONE = 4;
    private static final String[] PHASE_NAMES = {"acls", "sessions", "nodes", "end"};
    private static final int[] FAMILIES = {RocksSetup.ACLS, RocksSetup.SESSIONS, RocksSetup.NODES};

    private final SnapshotView view;
    private int phase = ACLS;
    private RocksIterator iterator;
    private boolean closed;

    SnapshotCursor(SnapshotView view) {
        this.view = view;
    }

    /**
     * Streams up to {@code maxEntries} entries into {@code sink}. Returns true while entries remain;
     * the call that delivers the last entries also calls {@code end} and returns false (as does
     * every later call, without touching the sink).
     */
    public boolean next(SnapshotSink sink, int maxEntries) throws SnapshotStoreException {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        synchronized (view) {
            if (closed || view.isClosed()) {
                throw new SnapshotStoreException(view.store().directory(), "stream view", "view is closed");
            }
            if (phase == DONE) {
                return false;
            }
            int sent = 0;
            while (phase < ENDED && sent < maxEntries) {
                if (iterator == null) {
                    iterator = view.newIterator(FAMILIES[phase]);
                    iterator.seekToFirst();
                }
                sent += drain(sink, maxEntries - sent);
                if (!iterator.isValid()) {
                    checkStatus();
                    iterator.close();
                    iterator = null;
                    phase++;
                }
            }
            if (phase == ENDED) {
                phase = DONE;
                sink.end(view.lastZxid(), view.digest());
                return false;
            }
            return true;
        }
    }

    private int drain(SnapshotSink sink, int limit) throws SnapshotStoreException {
        int sent = 0;
        byte[] key = null;
        try {
            for (; iterator.isValid() && sent < limit; iterator.next(), sent++) {
                key = iterator.key();
                byte[] value = iterator.value();
                if (phase == ACLS) {
                    long ref = SnapshotCodec.longValue(key, "acls key");
                    sink.acl(ref, SnapshotCodec.acl(ref, value));
                } else if (phase == SESSIONS) {
                    sink.session(SnapshotCodec.longValue(key, "sessions key"),
                            SnapshotCodec.intValue(value, "session timeout"));
                } else {
                    sink.node(SnapshotCodec.node(SnapshotCodec.path(key), value));
                }
            }
        } catch (JuteException e) {
            throw new SnapshotStoreException(view.store().directory(), "decode " + PHASE_NAMES[phase] + " entry "
                    + printable(key) + " at snapshot " + Zxid.toHex(view.lastZxid()), e);
        }
        return sent;
    }

    private void checkStatus() throws SnapshotStoreException {
        try {
            iterator.status();
        } catch (RocksDBException e) {
            throw new SnapshotStoreException(view.store().directory(), "read " + PHASE_NAMES[phase] + " at snapshot "
                    + Zxid.toHex(view.lastZxid()), e);
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

    @Override
    public void close() {
        synchronized (view) {
            if (closed) {
                return;
            }
            closed = true;
            if (iterator != null) {
                iterator.close();
                iterator = null;
            }
            view.cursorClosed(this);
        }
    }
}
