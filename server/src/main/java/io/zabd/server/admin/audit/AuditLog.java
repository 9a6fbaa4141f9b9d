package io.zabd.server.admin.audit;

import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit stream's write side. The apply thread calls {@link #offer} after applying a transaction:
 * a lock-free offer into a bounded queue that never blocks; when the queue is full the event is
 * dropped and counted ({@link #droppedCount()}), because the audit stream is not part of consensus and
 * must not slow it. One appender thread ({@link AuditAppender}) owns the Chronicle Queue and writes.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final long IDLE_MAX_PARK_NS = 1_000_000;

    private final AuditConfig config;
    private final ManyToOneConcurrentArrayQueue<AuditEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final AuditAppender appender;
    private AgentRunner runner;

    private AuditLog(AuditConfig config) {
        this.config = config;
        this.queue = new ManyToOneConcurrentArrayQueue<>(config.queueCapacity());
        this.appender = new AuditAppender(config, queue);
    }

    /** Creates the log without its appender thread: events queue up until {@link #start()}. */
    static AuditLog create(AuditConfig config) {
        return new AuditLog(config);
    }

    /** Opens (or continues) the queue in {@code config.directory()} and starts the appender thread. */
    public static AuditLog start(AuditConfig config) {
        AuditLog log = new AuditLog(config);
        log.start();
        return log;
    }

    synchronized void start() {
        if (runner != null) {
            throw new IllegalStateException("audit log already started");
        }
        runner = new AgentRunner(new BackoffIdleStrategy(10, 20, 1_000, IDLE_MAX_PARK_NS), this::onError, null,
                appender);
        AgentRunner.startOnThread(runner, r -> new Thread(r, "zabd-audit"));
        LOG.info("Audit stream to {} (keeps {} days, queue {})", config.directory(), config.retentionDays(),
                config.queueCapacity());
    }

    private void onError(Throwable error) {
        writeErrors.incrementAndGet();
        LOG.warn("Audit stream write failed; the event is lost ({} errors so far)", writeErrors.get(), error);
    }

    /**
     * Hands an event to the appender thread. Never blocks. Returns false, and counts the drop, when the
     * queue is full.
     */
    public boolean offer(AuditEvent event) {
        if (queue.offer(event)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Events dropped because the queue was full. */
    public long droppedCount() {
        return dropped.get();
    }

    /** Events written to the queue. */
    public long writtenCount() {
        return appender.writtenCount();
    }

    /** Writes that failed (I/O): each lost one event. */
    public long writeErrorCount() {
        return writeErrors.get();
    }

    /** Events waiting for the appender thread. */
    public int queuedCount() {
        return queue.size();
    }

    /** Writes what is queued, then stops the appender thread and closes the queue files. */
    @Override
    public synchronized void close() {
        if (runner != null) {
            runner.close();
            runner = null;
        } else {
            appender.onClose();
        }
        if (dropped.get() > 0) {
            LOG.warn("Audit stream dropped {} events (queue full)", dropped.get());
        }
    }
}
