package io.zabd.server.admin.audit;

import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * The audit appender thread's agent: the only owner of the Chronicle Queue and its appender. Each duty
 * cycle drains up to {@link #BATCH_MAX} events and appends them; when the daily cycle changes it
 * applies the retention.
 */
final class AuditAppender implements Agent {
    /** Events written per duty cycle. */
    static final int BATCH_MAX = 1_024;

    private final AuditConfig config;
    private final ManyToOneConcurrentArrayQueue<AuditEvent> queue;
    private final AtomicLong written = new AtomicLong();
    private SingleChronicleQueue chronicle;
    private ExcerptAppender appender;
    private int retentionCycle = Integer.MIN_VALUE;

    AuditAppender(AuditConfig config, ManyToOneConcurrentArrayQueue<AuditEvent> queue) {
        this.config = config;
        this.queue = queue;
    }

    static SingleChronicleQueue open(AuditConfig config) {
        return SingleChronicleQueueBuilder.single(config.directory().toFile()).rollCycle(RollCycles.FAST_DAILY)
                .timeProvider(config.clock()).build();
    }

    @Override
    public void onStart() {
        chronicle = open(config);
        appender = chronicle.createAppender();
        applyRetention();
    }

    @Override
    public int doWork() {
        if (chronicle.cycle() != retentionCycle) {
            applyRetention();
        }
        int work = 0;
        AuditEvent event;
        while (work < BATCH_MAX && (event = queue.poll()) != null) {
            AuditEvent e = event;
            appender.writeBytes(out -> e.writeTo(out));
            written.incrementAndGet();
            work++;
        }
        return work;
    }

    private void applyRetention() {
        retentionCycle = chronicle.cycle();
        AuditRetention.purge(chronicle, config.retentionDays());
    }

    long writtenCount() {
        return written.get();
    }

    @Override
    public void onClose() {
        if (chronicle == null) {
            if (queue.isEmpty()) {
                return;
            }
            onStart(); // closed before the thread ran (Agrona then calls onClose on the closing thread)
        }
        try {
            while (doWork() > 0) {
                // drain what was queued before close
            }
        } finally {
            appender.close();
            chronicle.close();
            chronicle = null;
        }
    }

    @Override
    public String roleName() {
        return "zabd-audit-appender";
    }
}
