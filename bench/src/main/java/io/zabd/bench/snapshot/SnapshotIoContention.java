package io.zabd.bench.snapshot;

import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.snapshot.SnapshotStoreConfig;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * How much does writing a snapshot delta (and its checkpoint) delay a transaction log's fdatasync
 * on the same device? One thread plays the log's group commit: {@value #LOG_WRITE_BYTES} bytes written
 * in place into a preallocated file, then {@code force(false)}, every {@value #LOG_PERIOD_MICROS} µs;
 * its write+force latency goes to one histogram while the store is writing or checkpointing and to
 * another otherwise. The main thread writes a full snapshot of {@code nodes} nodes, then
 * {@code snapshots} setData deltas of {@code changes} nodes each, each followed by a checkpoint, as
 * the engine does, {@code pauseMs} apart.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.zabd.bench.snapshot.SnapshotIoContention &lt;dir&gt; \
 *     &lt;nodes&gt; &lt;changes&gt; &lt;snapshots&gt; &lt;pauseMs&gt; \
 *     &lt;writeBytesPerSecond&gt; &lt;bytesPerSync&gt; &lt;throughWal&gt;
 * </pre>
 */
public final class SnapshotIoContention {
    static final int LOG_WRITE_BYTES = 4096;
    static final long LOG_PERIOD_MICROS = 1000;
    static final long LOG_FILE_BYTES = 256L << 20;

    private volatile boolean storeBusy;
    private volatile boolean stop;
    private final Histogram busy = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private final Histogram idle = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

    private SnapshotIoContention() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: <dir> <nodes> <changes> <snapshots> <pauseMs> <writeBytesPerSecond>"
                    + " <bytesPerSync> <throughWal>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int nodes = Integer.parseInt(args[1]);
        int changes = Integer.parseInt(args[2]);
        int snapshots = Integer.parseInt(args[3]);
        long pauseMs = Long.parseLong(args[4]);
        SnapshotStoreConfig config = SnapshotStoreConfig.defaults()
                .withWriteBytesPerSecond(Long.parseLong(args[5]))
                .withBytesPerSync(Long.parseLong(args[6]))
                .withSnapshotsThroughWal(Boolean.parseBoolean(args[7]));
        new SnapshotIoContention().run(dir, nodes, changes, snapshots, pauseMs, config);
    }

    private void run(Path dir, int nodes, int changes, int snapshots, long pauseMs, SnapshotStoreConfig config)
            throws Exception {
        Files.createDirectories(dir);
        Path logFile = dir.resolve("log");
        preallocate(logFile);
        List<NodeImage> tree = SnapshotTrees.tree(nodes, 42);
        Random random = new Random(7);
        List<Long> writeMs = new ArrayList<>();
        List<Long> checkpointMs = new ArrayList<>();
        List<Long> writeAllocatedBytes = new ArrayList<>();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (SnapshotStore store = SnapshotStore.open(dir.resolve("snapshot"), config);
                FileChannel log = FileChannel.open(logFile, StandardOpenOption.WRITE)) {
            long zxid = Zxid.of(SnapshotTrees.EPOCH, nodes + 10L);
            long t0 = System.nanoTime();
            store.write(SnapshotTrees.full(tree, zxid));
            store.checkpoint(zxid);
            System.err.printf("full snapshot of %d nodes: %d ms%n", tree.size(), (System.nanoTime() - t0) / 1_000_000);
            Thread logger = new Thread(() -> logLoop(log), "log");
            logger.start();
            Thread.sleep(pauseMs);
            for (int i = 0; i < snapshots; i++) {
                zxid += changes;
                var delta = SnapshotTrees.setData(tree, changes, zxid, random);
                storeBusy = true;
                long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                store.write(delta);
                long written = System.nanoTime();
                writeAllocatedBytes.add(threads.getCurrentThreadAllocatedBytes() - allocatedBefore);
                store.checkpoint(zxid);
                long done = System.nanoTime();
                storeBusy = false;
                writeMs.add((written - start) / 1_000_000);
                checkpointMs.add((done - written) / 1_000_000);
                Thread.sleep(pauseMs);
            }
            stop = true;
            logger.join();
        }
        Collections.sort(writeMs);
        Collections.sort(checkpointMs);
        Collections.sort(writeAllocatedBytes);
        System.out.printf("config %s%n", config);
        System.out.printf("store write ms median %d max %d; checkpoint ms median %d max %d (%d deltas of %d nodes)%n",
                writeMs.get(writeMs.size() / 2), writeMs.get(writeMs.size() - 1),
                checkpointMs.get(checkpointMs.size() / 2), checkpointMs.get(checkpointMs.size() - 1), snapshots,
                changes);
        System.out.printf("heap allocated by the writing thread per store write: median %d bytes%n",
                writeAllocatedBytes.get(writeAllocatedBytes.size() / 2));
        print("log write+fdatasync while the store writes", busy);
        print("log write+fdatasync otherwise            ", idle);
    }

    private static void print(String what, Histogram h) {
        System.out.printf("%s: n %d, p50 %.2f ms, p99 %.2f ms, p999 %.2f ms, max %.2f ms%n", what, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
    }

    private static void preallocate(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (long pos = 0; pos < LOG_FILE_BYTES; pos += zeros.capacity()) {
                zeros.clear();
                ch.write(zeros, pos);
            }
            ch.force(true);
        }
    }

    private void logLoop(FileChannel log) {
        ByteBuffer record = ByteBuffer.allocate(LOG_WRITE_BYTES);
        long position = 0;
        try {
            while (!stop) {
                boolean duringStore = storeBusy;
                long start = System.nanoTime();
                record.clear();
                record.putLong(0, start);
                log.write(record, position);
                log.force(false);
                long ns = System.nanoTime() - start;
                (duringStore || storeBusy ? busy : idle).recordValue(Math.min(ns, busy.getHighestTrackableValue()));
                position = (position + LOG_WRITE_BYTES) % LOG_FILE_BYTES;
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(LOG_PERIOD_MICROS));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
