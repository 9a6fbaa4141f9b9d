package io.zabd.bench.tree;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import java.util.concurrent.TimeUnit;
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
 * Cost of applying one transaction to the data tree (the apply stage's per-txn work, digest and
 * change tracking included): setData on an existing node, create of a new node, and a
 * create+delete pair that keeps the tree size constant. The tree holds {@code nodes} children under
 * /bench. Run: {@code java -jar bench/target/benchmarks.jar TreeApplyBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TreeApplyBenchmark {
    private static final long SESSION = 0x0100_0000_0000_0001L;

    @Param({"10000"})
    public int nodes;

    @Param({"100"})
    public int dataBytes;

    private DataTree tree;
    private byte[] data;
    private long zxid;
    private int next;
    private int version;

    @Setup(Level.Iteration)
    public void setUp() {
        tree = new DataTree(false);
        data = new byte[dataBytes];
        zxid = 0x1_0000_0000L;
        apply(OpCode.CREATE, new TxnBody.Create("/bench", data, Acl.OPEN_ACL_UNSAFE, false, -1));
        for (int i = 0; i < nodes; i++) {
            apply(OpCode.CREATE, new TxnBody.Create("/bench/n" + i, data, Acl.OPEN_ACL_UNSAFE, false, -1));
        }
        next = 0;
        version = 0;
    }

    private ApplyResult apply(int type, TxnBody body) {
        return tree.apply(new Txn(new TxnHeader(SESSION, 1, ++zxid, zxid, type), body));
    }

    @Benchmark
    public ApplyResult setData() {
        int i = next++ % nodes;
        if (i == 0) {
            version++;
        }
        return apply(OpCode.SET_DATA, new TxnBody.SetData("/bench/n" + i, data, version));
    }

    @Benchmark
    public ApplyResult create() {
        return apply(OpCode.CREATE, new TxnBody.Create("/bench/c" + next++, data, Acl.OPEN_ACL_UNSAFE, false, -1));
    }

    @Benchmark
    public ApplyResult createThenDelete() {
        String path = "/bench/d" + next++;
        apply(OpCode.CREATE, new TxnBody.Create(path, data, Acl.OPEN_ACL_UNSAFE, false, -1));
        return apply(OpCode.DELETE, new TxnBody.Delete(path));
    }
}
