package io.zabd.bench.engine;

import io.zabd.engine.Engine;
import io.zabd.engine.EngineConfig;
import io.zabd.engine.log.DurabilityListener;
import io.zabd.engine.log.GroupCommitLog;
import io.zabd.engine.log.TxnLog;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recovery time of a server's data directory: a RocksDB snapshot of {@code nodeCount} nodes (under 1,000
 * parents) plus
 * {@code logRecords} setData records in the transaction log after it. Measures {@link Engine#open}
 * (snapshot load with digest check, log scan, replay). The directory is built once per trial; each
 * invocation recovers a fresh copy (immutable files hard-linked, the rest copied) so the final
 * snapshot a close writes does not change what the next invocation recovers.
 *
 * <pre>java -jar bench/target/benchmarks.jar RecoveryBenchmark</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx8g", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class RecoveryBenchmark {
    private static final int DATA_BYTES = 100;

    @Param("1000000")
    int nodeCount;

    @Param("1000000")
    int logRecords;

    /** Parent directory; empty for the JVM's temporary directory (must be a real disk, not tmpfs). */
    @Param("")
    String dir;

    private Path pristine;
    private Path work;
    private Engine engine;

    @Setup(Level.Trial)
    public void build() throws Exception {
        Path parent = dir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(dir);
        pristine = Files.createTempDirectory(parent, "zabd-recovery-pristine");
        System.out.printf("%n[recovery bench] building %d nodes + %d log records in %s (%s)%n", nodeCount, logRecords,
                pristine, Files.getFileStore(pristine).type());
        Random random = new Random(42);
        long counter = 0;
        try (Engine e = Engine.open(config(pristine))) {
            counter = writeCreates(e, random);
            e.snapshotNow();
            if (!e.awaitSnapshot(e.lastZxid(), 600_000)) {
                throw new IllegalStateException("snapshot of the built tree did not complete");
            }
        }
        try (TxnLog log = TxnLog.open(config(pristine).logConfig())) {
            byte[] data = new byte[DATA_BYTES];
            for (int i = 0; i < logRecords; i++) {
                random.nextBytes(data);
                long zxid = Zxid.of(1, ++counter);
                String path = "/app/s" + (i % 1000) + "/n" + random.nextInt(Math.max(1, nodeCount / 1000));
                log.append(new Txn(new TxnHeader(0, i, zxid, counter, OpCode.SET_DATA),
                        new TxnBody.SetData(path, data.clone(), i + 1)));
            }
            log.force();
        }
    }

    private long writeCreates(Engine e, Random random) {
        AtomicLong durable = new AtomicLong();
        GroupCommitLog gcl = e.startLog(new DurabilityListener() {
            @Override
            public void onDurable(long zxid) {
                durable.set(zxid);
            }

            @Override
            public void onFailure(IOException cause) {
                throw new UncheckedIOException(cause);
            }
        });
        ArrayDeque<Txn> pending = new ArrayDeque<>();
        long counter = 0;
        int perParent = Math.max(1, nodeCount / 1000);
        pending.add(create(++counter, "/app"));
        gcl.offer(pending.peekLast());
        for (int p = 0; p < 1000; p++) {
            counter = offer(e, gcl, pending, durable, counter, "/app/s" + p);
            for (int c = 0; c < perParent; c++) {
                counter = offer(e, gcl, pending, durable, counter, "/app/s" + p + "/n" + c);
            }
        }
        while (!pending.isEmpty()) {
            applyDurable(e, pending, durable);
            LockSupport.parkNanos(100_000);
        }
        return counter;
    }

    private long offer(Engine e, GroupCommitLog gcl, ArrayDeque<Txn> pending, AtomicLong durable, long counter,
            String path) {
        Txn txn = create(counter + 1, path);
        while (pending.size() > 10_000 || !gcl.offer(txn)) {
            applyDurable(e, pending, durable);
            LockSupport.parkNanos(10_000);
        }
        pending.add(txn);
        applyDurable(e, pending, durable);
        return counter + 1;
    }

    private static void applyDurable(Engine e, ArrayDeque<Txn> pending, AtomicLong durable) {
        long d = durable.get();
        while (!pending.isEmpty() && pending.peek().zxid() <= d) {
            e.apply(pending.poll());
        }
    }

    private static Txn create(long counter, String path) {
        byte[] data = new byte[DATA_BYTES];
        new Random(counter).nextBytes(data);
        return new Txn(new TxnHeader(0, (int) counter, Zxid.of(1, counter), counter, OpCode.CREATE),
                new TxnBody.Create(path, data, Acl.OPEN_ACL_UNSAFE, false, (int) counter));
    }

    private static EngineConfig config(Path root) {
        return EngineConfig.defaults(root.resolve("data"), root.resolve("log")).withSnapCount(100_000_000L)
                .withRandomSeed(1);
    }

    @Setup(Level.Invocation)
    public void copy() throws IOException {
        work = Files.createTempDirectory(pristine.getParent(), "zabd-recovery-work");
        try (Stream<Path> walk = Files.walk(pristine)) {
            for (Path source : walk.toList()) {
                Path target = work.resolve(pristine.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (source.getFileName().toString().endsWith(".sst")
                        || source.getFileName().toString().startsWith("log.")) {
                    Files.createLink(target, source);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    @Benchmark
    public long recover() throws IOException {
        engine = Engine.open(config(work));
        return engine.lastZxid();
    }

    @TearDown(Level.Invocation)
    public void closeAndDelete() throws IOException {
        System.out.printf("%n[recovery bench] %s%n", engine.recovery());
        engine.close();
        deleteTree(work);
    }

    @TearDown(Level.Trial)
    public void deletePristine() throws IOException {
        deleteTree(pristine);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
