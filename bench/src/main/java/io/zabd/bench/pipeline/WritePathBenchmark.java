package io.zabd.bench.pipeline;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.tree.prep.Caller;
import io.zabd.engine.tree.prep.PrepConfig;
import io.zabd.engine.tree.prep.PrepResult;
import io.zabd.engine.tree.prep.TxnPrep;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import io.zabd.server.client.OpHandlers;
import io.zabd.server.client.Reply;
import io.zabd.server.client.WriteHandler;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestCodec;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.net.ReplyFrames;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The prep stage and the whole single-threaded write path of one request, minus the threads and the
 * log. {@code prepSetData}/{@code prepCreate}: {@link TxnPrep#prep} of a setData (1 KiB) on one of
 * {@code nodes} nodes, of a create (100 B) of a new node, then {@code applied} (so pending changes do
 * not grow). {@code setDataPath}: decode the frame, handler to write request, prep, apply to the
 * tree, build the reply and encode its frame into a reused buffer, as the I/O thread and the state
 * machine do per setData. Run with {@code -prof gc}: bytes/op is the steady-state allocation per
 * request of these stages.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class WritePathBenchmark {
    private static final long SESSION = 0x0100_0000_0000_0001L;

    @Param({"1000"})
    public int nodes;

    private DataTree tree;
    private TxnPrep prep;
    private final OpHandlers handlers = OpHandlers.standard();
    private final JuteReader reader = new JuteReader(new byte[0]);
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
    private final JuteWriter writer = new JuteWriter(out, 0);
    private final List<io.zabd.engine.tree.prep.AuthId> noIds = List.of();
    private UnsafeBuffer[] setDataFrames;
    private String[] paths;
    private byte[] kib;
    private byte[] small;
    private long zxid;
    private int next;
    private int created;

    @Setup(Level.Iteration)
    public void setUp() {
        tree = new DataTree(false);
        prep = new TxnPrep(tree, new PrepConfig(false, false, false, Set.of()));
        kib = new byte[1024];
        small = new byte[100];
        zxid = 0x1_0000_0000L;
        tree.apply(new Txn(new TxnHeader(SESSION, 1, ++zxid, zxid, OpCode.CREATE),
                new TxnBody.Create("/zabd-bench", small, Acl.OPEN_ACL_UNSAFE, false, -1)));
        paths = new String[nodes];
        setDataFrames = new UnsafeBuffer[nodes];
        for (int i = 0; i < nodes; i++) {
            paths[i] = "/zabd-bench/n-" + i;
            tree.apply(new Txn(new TxnHeader(SESSION, 1, ++zxid, zxid, OpCode.CREATE),
                    new TxnBody.Create(paths[i], small, Acl.OPEN_ACL_UNSAFE, false, -1)));
            setDataFrames[i] = io.zabd.bench.proto.RequestDecodeBenchmark.frameOf(OpCode.SET_DATA,
                    new Request.SetData(paths[i], kib, -1));
        }
        next = 0;
    }

    private Caller caller() {
        return new Caller(SESSION, next, noIds, "127.0.0.1", false);
    }

    @Benchmark
    public PrepResult prepSetData() {
        int i = next++ % nodes;
        long z = ++zxid;
        PrepResult r = prep.prep(new WriteRequest.SetData(paths[i], kib, -1), caller(), z, 1_700_000_000_000L);
        prep.applied(z);
        return r;
    }

    @Benchmark
    public PrepResult prepCreate() {
        long z = ++zxid;
        PrepResult r = prep.prep(new WriteRequest.Create(OpCode.CREATE, "/zabd-bench/c-" + created++, small,
                Acl.OPEN_ACL_UNSAFE, 0, -1), caller(), z, 1_700_000_000_000L);
        prep.applied(z);
        return r;
    }

    @Benchmark
    public int setDataPath() {
        int i = next++ % nodes;
        UnsafeBuffer frame = setDataFrames[i];
        JuteReader r = reader.wrap(frame, 0, frame.capacity());
        RequestHeader header = RequestHeader.decode(r);
        Request body = RequestCodec.decode(header.type(), r);
        WriteHandler handler = handlers.write(header.type());
        long z = ++zxid;
        PrepResult prepared = prep.prep(handler.toWriteRequest(body), caller(), z, 1_700_000_000_000L);
        ApplyResult applied = tree.apply(prepared.txn());
        prep.applied(z);
        Reply reply = handler.reply(applied);
        return ReplyFrames.encode(writer, new ReplyHeader(header.xid(), z, reply.err()), reply.body());
    }
}
