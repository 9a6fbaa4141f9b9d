package io.zabd.bench.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Response;
import io.zabd.server.client.proto.Stat;
import io.zabd.server.net.ClientConnection;
import io.zabd.server.net.ClientTransport;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The state machine's reply hand-off to the transport: {@code batch} setData replies sent on one
 * connection ({@code ClientConnection.sendReply}), then one flush, over the real
 * {@code NettyClientConnection} on an {@link EmbeddedChannel} (the channel's pipeline is empty; the
 * written buffer is taken and released, as the socket write would). Scores are per reply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class ReplyPathBenchmark {
    static final int BATCH = 16;

    private EmbeddedChannel channel;
    private ClientConnection connection;
    private StatPersisted persisted;
    private long zxid = 0x1_0000_0000L;

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel();
        connection = ClientTransport.connectionOver(1, channel);
        persisted = new StatPersisted(0x1_0000_0001L, 0x1_0000_0002L, 1_700_000_000_000L, 1_700_000_000_001L, 3, 0,
                0, 0, 0x1_0000_0001L);
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int setDataReplies() {
        for (int i = 0; i < BATCH; i++) {
            connection.sendReply(new ReplyHeader(i, ++zxid, 0), new Response.StatOnly(Stat.of(persisted, 1024, 0)));
        }
        connection.flush();
        int bytes = 0;
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            bytes += out.readableBytes();
            out.release();
        }
        return bytes;
    }
}
