package io.zabd.engine.log;

import io.zabd.engine.txn.Txn;
import io.zabd.engine.util.Invariants;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Group commit over a {@link TxnLog}: producers {@link #offer} records into a bounded queue; one
 * writer thread takes everything queued, appends it, forces once, then publishes the durable zxid to
 * the {@link DurabilityListener} and to {@link #durableZxid()}.
 *
 * <p>Back-pressure: {@code offer} returns false when the queue (capacity {@code LogConfig.queueCapacity})
 * is full; it never blocks and never drops. A failed append or force stops the writer: the listener
 * gets {@code onFailure}, offers return false, and no durability is ever reported for records that
 * were not forced.
 *
 * <p>Idle writer: a few spins, then it parks for up to {@code writerIdleMaxParkNs}; every offer (and
 * purge request, and close) unparks it, so parking costs no latency and an idle log burns no CPU.
 * There are no yields or short timed parks: on a 2-core machine each of those is a syscall that took
 * ~10% of a core from an idle server (decision 0005). It preallocates the next segment
 * ({@link TxnLog#prepareNextSegment}) one step at a time, so rolling does not stall: 1 MiB per idle
 * cycle, and 256 KiB after each forced batch while the spare is not ready (under sustained load the
 * writer is never idle).
 */
public final class GroupCommitLog implements AutoCloseable {
    private static final long IDLE_SPINS = 20;
    /** Zeros written (and fdatasync'd) per idle duty cycle while preallocating the next segment. */
    static final long SEGMENT_PREPARE_STEP_BYTES = 1024 * 1024;
    /**
     * Zeros written after each forced batch while the next segment is not ready. Under sustained load
     * the writer is never idle; without these steps every roll zero-filled a whole segment inline (64 MiB:
     * a stall of hundreds of ms every few seconds at 20 MB/s of log). 256 KiB per batch stays ahead of
     * the log at any batch rate where rolls come often.
     */
    static final long SEGMENT_PREPARE_STEP_UNDER_LOAD_BYTES = 256 * 1024;

    /** A record offered with its payload already encoded. */
    public record RawAppend(long zxid, byte[] payload) {}

    private final TxnLog log;
    private final DurabilityListener listener;
    private final ManyToOneConcurrentArrayQueue<Object> queue;
    private final AgentRunner runner;
    private final AtomicLong purgeRequest = new AtomicLong(-1);
    private volatile long durableZxid;
    private volatile IOException failure;
    private volatile boolean closing;
    /** The writer thread once started (for unpark). */
    private volatile Thread writerThread;

    public GroupCommitLog(TxnLog log, DurabilityListener listener) {
        this.log = Objects.requireNonNull(log, "log");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.queue = new ManyToOneConcurrentArrayQueue<>(log.config().queueCapacity());
        this.durableZxid = log.durableZxid();
        long park = log.config().writerIdleMaxParkNs();
        BackoffIdleStrategy idle = new BackoffIdleStrategy(IDLE_SPINS, 0, park, park);
        this.runner = new AgentRunner(idle, this::onAgentError, null, new Writer());
    }

    /** Starts the writer thread. */
    public GroupCommitLog start() {
        AgentRunner.startOnThread(runner);
        return this;
    }

    /** Queues a transaction; false when the queue is full or the writer has stopped. Any thread. */
    public boolean offer(Txn txn) {
        if (accepting() && queue.offer(txn)) {
            wakeWriter();
            return true;
        }
        return false;
    }

    /** Queues an already-encoded payload; false when full or stopped. The array must not change afterwards. */
    public boolean offer(long zxid, byte[] payload) {
        if (offerDeferred(zxid, payload)) {
            wakeWriter();
            return true;
        }
        return false;
    }

    /**
     * Queues an already-encoded payload like {@link #offer(long, byte[])} but does not wake the writer:
     * for a thread that queues a burst and then calls {@link #wakeWriter} once, so the writer takes the
     * whole burst in one batch (one force) instead of forcing its first records while the rest are
     * still being queued. Without the wake the records still go out within {@code writerIdleMaxParkNs}.
     */
    public boolean offerDeferred(long zxid, byte[] payload) {
        return accepting() && queue.offer(new RawAppend(zxid, payload));
    }

    /**
     * Unparks the writer. Unconditional: a permit given before the writer parks makes that park return
     * at once, so no wake-up is lost; on a running thread it costs an uncontended lock, no syscall.
     * Any thread.
     */
    public void wakeWriter() {
        Thread t = writerThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private boolean accepting() {
        return failure == null && !closing;
    }

    /** The last zxid forced to stable storage (the log's durable zxid when this was created, before any). */
    public long durableZxid() {
        return durableZxid;
    }

    /** Why the writer stopped, or null while it runs. */
    public IOException failure() {
        return failure;
    }

    /** Number of offers waiting for the writer. */
    public int queued() {
        return queue.size();
    }

    /** Asks the writer to {@link TxnLog#purgeBefore} {@code zxid} between two batches. Any thread. */
    public void requestPurgeBefore(long zxid) {
        purgeRequest.accumulateAndGet(zxid, Math::max);
        wakeWriter();
    }

    /** A cursor over the durable records from {@code zxid} on. Any thread. */
    public LogCursor readFrom(long zxid) {
        return log.readFrom(zxid);
    }

    /** Stops accepting, writes and forces what is queued, stops the writer and closes the log. */
    @Override
    public void close() {
        closing = true;
        wakeWriter();
        runner.close();
    }

    private void onAgentError(Throwable t) {
        if (failure == null) {
            fail(t instanceof IOException io ? io : new IOException("transaction log writer stopped: " + t, t));
        }
    }

    private void fail(IOException cause) {
        failure = cause;
        listener.onFailure(cause);
    }

    private final class Writer implements Agent {
        private final UnsafeBuffer rawView = new UnsafeBuffer(0, 0);
        private final Consumer<Object> appender = this::append;

        @Override
        public void onStart() {
            writerThread = Thread.currentThread();
        }

        @Override
        public int doWork() {
            if (failure != null) {
                return 0;
            }
            int taken = queue.drain(appender);
            if (taken > 0 && failure == null) {
                forceAndPublish();
                if (failure == null && !log.nextSegmentReady()) {
                    prepareNextSegment(SEGMENT_PREPARE_STEP_UNDER_LOAD_BYTES); // after publishing: delays only the next batch
                }
            } else if (taken == 0 && prepareNextSegment(SEGMENT_PREPARE_STEP_BYTES)) {
                return 1;
            }
            long purge = purgeRequest.getAndSet(-1);
            if (purge >= 0 && failure == null) {
                try {
                    log.purgeBefore(purge);
                } catch (IOException e) {
                    fail(e);
                }
            }
            return taken;
        }

        private void append(Object item) {
            if (failure != null) {
                return;
            }
            try {
                if (item instanceof Txn txn) {
                    log.append(txn);
                } else {
                    RawAppend raw = (RawAppend) item;
                    rawView.wrap(raw.payload());
                    log.append(raw.zxid(), rawView, 0, raw.payload().length);
                }
            } catch (IOException e) {
                fail(e);
            } catch (RuntimeException e) {
                fail(new IOException("transaction log writer stopped: " + e.getMessage(), e));
            }
        }

        /** Idle time: preallocate the next segment a step at a time, so a roll does not stall appends. */
        private boolean prepareNextSegment(long stepBytes) {
            try {
                return log.prepareNextSegment(stepBytes);
            } catch (IOException e) {
                fail(e);
                return false;
            }
        }

        private void forceAndPublish() {
            try {
                long durable = log.force();
                Invariants.check(durable > durableZxid, "durable zxid 0x%x did not advance past 0x%x", durable,
                        durableZxid);
                durableZxid = durable;
                listener.onDurable(durable);
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void onClose() {
            if (failure == null) {
                queue.drain(appender);
                if (failure == null && log.lastZxid() != durableZxid) {
                    forceAndPublish();
                }
            }
            try {
                if (failure == null) {
                    log.close();
                } else {
                    log.closeWithoutForce();
                }
            } catch (IOException e) {
                if (failure == null) {
                    fail(e);
                }
            }
        }

        @Override
        public String roleName() {
            return "zabd-log-writer";
        }
    }
}
