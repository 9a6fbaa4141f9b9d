package io.zabd.bench.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The yardstick for {@link LogAppendBenchmark}: the same bytes ({@code batch} records of
 * {@code recordBytes}, the log's 16-byte record header included) written with one plain positional
 * {@code FileChannel.write} and made durable with {@code FileChannel.force(false)} (fdatasync), into
 * a 64 MiB file preallocated with zeros and reused from the start when full: no framing, no CRC,
 * no segment rolling. Same units: {@code records} is records per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@State(Scope.Thread)
public class RawChannelBaseline {
    private static final long FILE_BYTES = 64L * 1024 * 1024;
    private static final int RECORD_HEADER_BYTES = 16;

    @Param({"100", "1024"})
    public int recordBytes;

    @Param({"1", "10", "100", "1000"})
    public int batch;

    private Path dir;
    private FileChannel channel;
    private ByteBuffer bytes;
    private long position;

    /** Records written, reported by JMH per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Records {
        public long records;
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("zabd-raw-bench");
        channel = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ByteBuffer zeros = ByteBuffer.allocateDirect(1024 * 1024);
        for (long p = 0; p < FILE_BYTES; p += zeros.capacity()) {
            zeros.clear();
            channel.write(zeros, p);
        }
        channel.force(true);
        byte[] content = new byte[(recordBytes + RECORD_HEADER_BYTES) * batch];
        new Random(1).nextBytes(content);
        bytes = ByteBuffer.allocateDirect(content.length).put(content);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public long writeBatchThenForce(Records counter) throws IOException {
        if (position + bytes.capacity() > FILE_BYTES) {
            position = 0;
        }
        bytes.clear();
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
        channel.force(false);
        counter.records += batch;
        return position;
    }
}
