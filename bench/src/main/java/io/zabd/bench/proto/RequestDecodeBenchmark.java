package io.zabd.bench.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestCodec;
import io.zabd.server.client.proto.RequestHeader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Jute decode of the common client requests from one frame body (what the Netty I/O thread does per
 * request in {@code ClientChannelHandler}): the RequestHeader, then the body its op code selects.
 * Payloads as the load driver sends them: create 100 B, setData 1 KiB, getData/exists with a watch
 * flag, and a multi of create + setData + delete. Run with {@code -prof gc} for bytes/op: what is
 * left is the decoded records themselves (path String, data byte[], the record).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class RequestDecodeBenchmark {
    private final JuteReader reader = new JuteReader(new byte[0]);
    private UnsafeBuffer create;
    private UnsafeBuffer setData;
    private UnsafeBuffer getData;
    private UnsafeBuffer exists;
    private UnsafeBuffer multi;

    @Setup
    public void setUp() {
        byte[] small = new byte[100];
        byte[] kib = new byte[1024];
        create = frameOf(OpCode.CREATE, new Request.Create("/zabd-bench/c-1/s3-123456", small, Acl.OPEN_ACL_UNSAFE, 0));
        setData = frameOf(OpCode.SET_DATA, new Request.SetData("/zabd-bench/n-417", kib, -1));
        getData = frameOf(OpCode.GET_DATA, new Request.PathWatch("/zabd-bench/n-417", false));
        exists = frameOf(OpCode.EXISTS, new Request.PathWatch("/zabd-bench/n-417", true));
        multi = frameOf(OpCode.MULTI, new Request.Multi(List.of(
                new Request.Op(OpCode.CREATE, new Request.Create("/zabd-bench/m-1", small, Acl.OPEN_ACL_UNSAFE, 0)),
                new Request.Op(OpCode.SET_DATA, new Request.SetData("/zabd-bench/n-417", small, -1)),
                new Request.Op(OpCode.DELETE, new Request.Delete("/zabd-bench/m-0", -1)))));
    }

    /** A frame body: RequestHeader then the request, as the client sends it (length prefix stripped). */
    public static UnsafeBuffer frameOf(int op, Request body) {
        JuteWriter w = new JuteWriter(new ExpandableArrayBuffer(2048), 0);
        new RequestHeader(7, op).encode(w);
        body.encode(w);
        byte[] bytes = new byte[w.position()];
        w.buffer().getBytes(0, bytes);
        return new UnsafeBuffer(bytes);
    }

    private Request decode(UnsafeBuffer frame) {
        JuteReader r = reader.wrap(frame, 0, frame.capacity());
        RequestHeader header = RequestHeader.decode(r);
        return RequestCodec.decode(header.type(), r);
    }

    @Benchmark
    public Request create() {
        return decode(create);
    }

    @Benchmark
    public Request setData() {
        return decode(setData);
    }

    @Benchmark
    public Request getData() {
        return decode(getData);
    }

    @Benchmark
    public Request exists() {
        return decode(exists);
    }

    @Benchmark
    public Request multi() {
        return decode(multi);
    }
}
