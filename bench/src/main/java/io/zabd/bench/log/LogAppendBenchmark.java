package io.zabd.bench.log;

import io.zabd.engine.log.ForceMode;
import io.zabd.engine.log.LogConfig;
import io.zabd.engine.log.TxnLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * The transaction log writer: {@code batch} appends of {@code recordBytes} payload bytes, then one
 * force, with the default 64 MiB preallocated segments. This is exactly what the group-commit writer
 * thread does per batch. Closed segments are purged as soon as there is one, as a server that
 * snapshots and purges does, so the log runs in its steady state: every roll installs a recycled
 * segment (overwritten in place), as the raw baseline overwrites its pre-zeroed file.
 *
 * <p>Units: the primary score is batches (forces) per second; the secondary {@code records} score
 * (an {@link AuxCounters} counter) is <b>records per second</b>, the figure to compare. Compare with
 * {@link RawChannelBaseline} at the same parameters.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED"})
@State(Scope.Thread)
public class LogAppendBenchmark {
    @Param({"100", "1024"})
    public int recordBytes;

    @Param({"1", "10", "100", "1000"})
    public int batch;

    @Param({"MAPPED", "CHANNEL"})
    public ForceMode mode;

    private Path dir;
    private TxnLog log;
    private UnsafeBuffer payload;
    private long zxid;

    /** Records appended, reported by JMH per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Records {
        public long records;
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("zabd-log-bench");
        log = TxnLog.open(LogConfig.defaults(dir).withForceMode(mode));
        byte[] bytes = new byte[recordBytes];
        new Random(1).nextBytes(bytes);
        payload = new UnsafeBuffer(bytes);
        zxid = 1L << 32;
    }

    /** Keeps the disk footprint bounded: drops every closed segment between iterations. */
    @TearDown(Level.Iteration)
    public void purge() throws IOException {
        log.purgeBefore(log.lastZxid());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public long appendBatchThenForce(Records counter) throws IOException {
        for (int i = 0; i < batch; i++) {
            log.append(++zxid, payload, 0, recordBytes);
        }
        counter.records += batch;
        long durable = log.force();
        if (log.segmentCount() > 1) {
            // a busy server's steady state: snapshots and purges, so closed segments are recycled
            log.purgeBefore(durable);
        }
        return durable;
    }
}
