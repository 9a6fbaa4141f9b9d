package io.zabd.engine.snapshot;

import io.zabd.engine.txn.Zxid;
import io.zabd.engine.util.Invariants;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshot deltas to the {@link SnapshotStore} on its own thread, so the apply thread only
 * captures a delta and hands it over with {@link #submit}.
 *
 * <p>Bounded: at most {@code writerQueueCapacity} pending entries. When the queue is full a new
 * delta is coalesced into the newest pending entry (later upserts and deletes win, see
 * {@link DeltaAccumulator}), so {@code submit} never blocks and never loses a delta; the price is
 * work proportional to that delta on the submitting thread. Otherwise the submitting thread only
 * queues: a {@link RecordedChanges} becomes a {@link SnapshotDelta} on the writer thread. The
 * writer thread takes everything pending at once, coalesces it and writes it as one synced batch
 * (group commit), then reports the zxid written to the {@link Listener}: reported zxids strictly
 * increase.
 *
 * <p>A failed write is not retried: the error is reported to {@link Listener#onFailed}, the writer
 * stops, and later calls of {@link #submit}, {@link #awaitWritten} and {@link #close} throw it.
 * The store then still holds the last snapshot that was reported written.
 */
public final class SnapshotWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    /**
     * Told what happened to submitted deltas, on the writer thread. {@code onWritten} is the place
     * to take a checkpoint ({@link SnapshotStore#checkpoint(long)} with that zxid): no other
     * snapshot write can land in between.
     */
    public interface Listener {
        /** Everything submitted up to and including {@code zxid} is durably stored. */
        void onWritten(long zxid);

        /** Writing the deltas up to {@code zxid} failed; the writer has stopped. */
        void onFailed(long zxid, SnapshotStoreException error);
    }

    private final SnapshotStore store;
    private final Listener listener;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition pendingOrStopping = lock.newCondition();
    private final Condition progress = lock.newCondition();
    /** Guarded by lock. */
    private final ArrayDeque<DeltaAccumulator> pending = new ArrayDeque<>();
    private long lastSubmittedZxid = SnapshotStore.NONE;
    private long writtenZxid = SnapshotStore.NONE;
    private long coalescedCount;
    private boolean stopping;
    private SnapshotStoreException failure;
    private final Thread thread;

    public SnapshotWriter(SnapshotStore store, SnapshotStoreConfig config, Listener listener) {
        Invariants.check(!store.isReadOnly(), "snapshot writer over a read-only store %s", store.directory());
        this.store = store;
        this.listener = listener;
        this.capacity = config.writerQueueCapacity();
        this.writtenZxid = store.lastZxid();
        this.lastSubmittedZxid = store.lastZxid();
        this.thread = new Thread(this::run, "zabd-snapshot-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Hands {@code delta} to the writer. Its zxid must not be older than the previously submitted
     * one. Never blocks on I/O; coalesces when the queue is full. The caller must not touch the
     * source's contents afterwards.
     *
     * @throws SnapshotStoreException if an earlier write failed
     */
    public void submit(DeltaSource delta) throws SnapshotStoreException {
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
            Invariants.check(!stopping, "snapshot delta %s submitted to a closed writer", Zxid.toHex(delta.zxid()));
            Invariants.check(lastSubmittedZxid == SnapshotStore.NONE || delta.zxid() >= lastSubmittedZxid,
                    "snapshot delta %s submitted after %s", Zxid.toHex(delta.zxid()), Zxid.toHex(lastSubmittedZxid));
            lastSubmittedZxid = delta.zxid();
            if (pending.size() < capacity) {
                pending.addLast(new DeltaAccumulator(delta));
            } else {
                pending.peekLast().add(delta);
                coalescedCount++;
            }
            pendingOrStopping.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Highest zxid durably written by this writer (the store's lastZxid when it started). */
    public long writtenZxid() {
        lock.lock();
        try {
            return writtenZxid;
        } finally {
            lock.unlock();
        }
    }

    /** Deltas that were merged into a pending one because the queue was full. */
    public long coalescedCount() {
        lock.lock();
        try {
            return coalescedCount;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a snapshot at {@code zxid} or later is written. Returns false on timeout.
     *
     * @throws SnapshotStoreException if the writer failed
     */
    public boolean awaitWritten(long zxid, long timeout, TimeUnit unit) throws SnapshotStoreException,
            InterruptedException {
        long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        lock.lock();
        try {
            while (failure == null && (writtenZxid == SnapshotStore.NONE || writtenZxid < zxid)) {
                long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0) {
                    return false;
                }
                progress.awaitNanos(leftNs);
            }
            if (failure != null) {
                throw failure;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<DeltaAccumulator> batch = takePending();
            if (batch == null) {
                return;
            }
            long startNs = System.nanoTime();
            DeltaAccumulator merged = batch.get(0);
            for (int i = 1; i < batch.size(); i++) {
                merged.addAll(batch.get(i));
            }
            long zxid = merged.zxid();
            SnapshotDelta delta = merged.toDelta();
            try {
                store.write(delta);
            } catch (SnapshotStoreException | RuntimeException e) {
                SnapshotStoreException error = e instanceof SnapshotStoreException s ? s
                        : new SnapshotStoreException(store.directory(), "write snapshot " + Zxid.toHex(zxid), e);
                fail(error);
                listener.onFailed(zxid, error);
                return;
            }
            long writtenNs = System.nanoTime();
            written(zxid);
            try {
                listener.onWritten(zxid);
            } catch (RuntimeException e) {
                SnapshotStoreException error = new SnapshotStoreException(store.directory(),
                        "report snapshot " + Zxid.toHex(zxid) + " written", e);
                fail(error);
                return;
            }
            long doneNs = System.nanoTime();
            LOG.info("snapshot at {}: wrote {} changes of {} capture(s) in {} ms (store write {} ms, checkpoint {} ms)",
                    Zxid.toHex(zxid), delta.changeCount(), merged.deltaCount(), (doneNs - startNs) / 1_000_000,
                    (writtenNs - startNs) / 1_000_000, (doneNs - writtenNs) / 1_000_000);
        }
    }

    /** Everything pending, or null when stopping with nothing left. */
    private List<DeltaAccumulator> takePending() {
        lock.lock();
        try {
            while (pending.isEmpty() && !stopping) {
                pendingOrStopping.awaitUninterruptibly();
            }
            if (pending.isEmpty()) {
                return null;
            }
            List<DeltaAccumulator> out = new ArrayList<>(pending);
            pending.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    private void written(long zxid) {
        lock.lock();
        try {
            Invariants.check(writtenZxid == SnapshotStore.NONE || zxid >= writtenZxid,
                    "snapshot writer went back from %s to %s", Zxid.toHex(writtenZxid), Zxid.toHex(zxid));
            writtenZxid = zxid;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(SnapshotStoreException error) {
        lock.lock();
        try {
            failure = error;
            pending.clear();
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what is pending, stops the thread and waits for it. Does not close the store.
     *
     * @throws SnapshotStoreException if a write failed
     */
    @Override
    public void close() throws SnapshotStoreException {
        lock.lock();
        try {
            stopping = true;
            pendingOrStopping.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }
}
