package io.zabd.server.admin.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Reads the audit stream (for {@code audit tail}): records from the start or from a time, filtered,
 * and a follow mode that tails new records as the server appends them. One reader per thread (the
 * Chronicle tailer is single-threaded); it may run in another process than the server.
 */
public final class AuditReader implements AutoCloseable {
    private static final long FOLLOW_IDLE_MAX_PARK_NS = 10_000_000;

    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final AuditFilter filter;

    private AuditReader(Path directory, AuditFilter filter) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no audit stream at " + directory);
        }
        this.queue = SingleChronicleQueueBuilder.single(directory.toFile()).rollCycle(RollCycles.FAST_DAILY).build();
        this.tailer = queue.createTailer();
        this.filter = filter;
        tailer.toStart();
        if (filter.fromTimeMs() > 0) {
            int cycle = (int) Math.floorDiv(filter.fromTimeMs() - queue.epoch(), queue.rollCycle().lengthInMillis());
            if (cycle > queue.firstCycle() && !tailer.moveToCycle(cycle)) {
                tailer.toStart();
            }
        }
    }

    /** A reader positioned at the first record matching {@code filter} (its fromTimeMs picks the day file to start at). */
    public static AuditReader open(Path directory, AuditFilter filter) {
        return new AuditReader(directory, filter);
    }

    /** The next matching record, or null when none is there yet. */
    public AuditEvent next() {
        AuditEvent[] holder = new AuditEvent[1];
        while (tailer.readBytes(in -> holder[0] = AuditEvent.readFrom(in))) {
            if (filter.matches(holder[0])) {
                return holder[0];
            }
        }
        return null;
    }

    /** Up to {@code max} matching records that are there now. */
    public List<AuditEvent> read(int max) {
        List<AuditEvent> out = new ArrayList<>();
        AuditEvent e;
        while (out.size() < max && (e = next()) != null) {
            out.add(e);
        }
        return out;
    }

    /**
     * Follow mode: hands every matching record to {@code consumer} as it is appended, idling briefly
     * when there is none, until {@code keepGoing} turns false (checked between records and while idle).
     */
    public void follow(Consumer<AuditEvent> consumer, BooleanSupplier keepGoing) {
        IdleStrategy idle = new BackoffIdleStrategy(10, 20, 1_000, FOLLOW_IDLE_MAX_PARK_NS);
        while (keepGoing.getAsBoolean()) {
            AuditEvent e = next();
            if (e == null) {
                idle.idle();
            } else {
                idle.reset();
                consumer.accept(e);
            }
        }
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
