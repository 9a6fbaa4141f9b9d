package io.zabd.engine;

import io.zabd.engine.log.DurabilityListener;
import io.zabd.engine.log.GroupCommitLog;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Child process of {@link EngineCrashTest}: opens the engine on the given directories, continues the
 * deterministic workload from the recovered zxid, and after applying each durable transaction
 * prints {@code A <zxid hex> <digest hex> E}. Snapshots happen in the background (small snapCount).
 * It is killed with SIGKILL at a random moment.
 */
public final class EngineCrashChild {
    private EngineCrashChild() {}

    static EngineConfig config(Path root, long seed) {
        return EngineConfig.defaults(root.resolve("data"), root.resolve("log")).withSnapCount(400)
                .withPreAllocSizeBytes(1024 * 1024 + 8192).withRandomSeed(seed);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "US-ASCII");
        Engine engine = Engine.open(config(root, seed));
        EngineWorkload workload = new EngineWorkload(seed);
        workload.skipTo(engine.lastZxid());
        out.println("OPEN " + Zxid.toHex(engine.lastZxid()) + " E");
        out.flush();
        AtomicLong durable = new AtomicLong(engine.lastZxid());
        GroupCommitLog gcl = engine.startLog(new DurabilityListener() {
            @Override
            public void onDurable(long zxid) {
                durable.set(zxid);
            }

            @Override
            public void onFailure(IOException cause) {
                out.println("FAIL " + cause);
                out.flush();
                Runtime.getRuntime().halt(3);
            }
        });
        ArrayDeque<Txn> pending = new ArrayDeque<>();
        for (int i = 0; i < count; i++) {
            Txn txn = workload.next();
            while (pending.size() > 2_000) {
                applyDurable(engine, pending, durable, out);
                LockSupport.parkNanos(50_000);
            }
            while (!gcl.offer(txn)) {
                applyDurable(engine, pending, durable, out);
                LockSupport.parkNanos(50_000);
            }
            pending.add(txn);
            applyDurable(engine, pending, durable, out);
        }
        while (!pending.isEmpty()) {
            applyDurable(engine, pending, durable, out);
            LockSupport.parkNanos(50_000);
        }
        out.println("DONE " + Zxid.toHex(engine.lastZxid()) + " E");
        out.flush();
        engine.close();
    }

    private static void applyDurable(Engine engine, ArrayDeque<Txn> pending, AtomicLong durable, PrintStream out) {
        long d = durable.get();
        boolean any = false;
        while (!pending.isEmpty() && pending.peek().zxid() <= d) {
            Txn txn = pending.poll();
            engine.apply(txn);
            out.println("A " + Long.toHexString(txn.zxid()) + " " + Long.toHexString(engine.tree().digest()) + " E");
            any = true;
        }
        if (any) {
            out.flush();
        }
    }
}
