package io.zabd.bench.proto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.server.client.proto.JuteRecord;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Response;
import io.zabd.server.client.proto.Stat;
import io.zabd.server.net.ReplyFrames;
import java.util.concurrent.TimeUnit;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one reply frame ([length][ReplyHeader][response]) of the common requests: create (path),
 * setData and exists (Stat), getData (1 KiB + Stat). {@code *Frame} is what the server does since
 * decision 0005: the response and its Stat are built (as the handler does from the apply result),
 * encoded into a reused writer and appended to a pooled buffer that holds the whole batch of the
 * connection. {@code perReplyBuffer} is how replies were framed before: a fresh growable buffer,
 * its array and a wrapping ByteBuf per reply (kept as the baseline for bytes/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class ReplyEncodeBenchmark {
    /** Replies appended to one pending buffer before it is released (a batch). */
    private static final int BATCH = 64;

    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(128);
    private final JuteWriter writer = new JuteWriter(scratch, 0);
    private StatPersisted persisted;
    private byte[] kib;
    private ByteBuf pending;
    private int inBatch;
    private long zxid = 0x1_0000_0000L;

    @Setup
    public void setUp() {
        persisted = new StatPersisted(0x1_0000_0001L, 0x1_0000_0002L, 1_700_000_000_000L, 1_700_000_000_001L, 3, 0,
                0, 0, 0x1_0000_0001L);
        kib = new byte[1024];
    }

    @TearDown
    public void tearDown() {
        if (pending != null) {
            pending.release();
        }
    }

    private int append(JuteRecord header, JuteRecord body) {
        int end = ReplyFrames.encode(writer, header, body);
        if (pending == null) {
            pending = PooledByteBufAllocator.DEFAULT.buffer(BATCH * 1200);
        }
        pending.writeBytes(scratch.byteArray(), 0, end);
        if (++inBatch == BATCH) {
            pending.release();
            pending = null;
            inBatch = 0;
        }
        return end;
    }

    @Benchmark
    public int createFrame() {
        return append(new ReplyHeader(7, ++zxid, 0), new Response.Path("/zabd-bench/c-1/s3-123456"));
    }

    @Benchmark
    public int setDataFrame() {
        return append(new ReplyHeader(7, ++zxid, 0), new Response.StatOnly(Stat.of(persisted, 1024, 0)));
    }

    @Benchmark
    public int existsFrame() {
        return append(new ReplyHeader(7, ++zxid, 0), new Response.StatOnly(Stat.of(persisted, 1024, 0)));
    }

    @Benchmark
    public int getDataFrame() {
        return append(new ReplyHeader(7, ++zxid, 0), new Response.GetData(kib, Stat.of(persisted, 1024, 0)));
    }

    /** The pre-0005 framing of a setData reply: one growable buffer and one wrapper per reply. */
    @Benchmark
    public ByteBuf setDataPerReplyBuffer() {
        JuteWriter w = new JuteWriter(new ExpandableArrayBuffer(128), 0);
        int end = ReplyFrames.encode(w, new ReplyHeader(7, ++zxid, 0), new Response.StatOnly(Stat.of(persisted, 1024, 0)));
        return Unpooled.wrappedBuffer(w.buffer().byteArray(), 0, end);
    }
}
