package io.zabd.tools;

import io.zabd.engine.EngineWorkload;
import io.zabd.engine.Engine;
import io.zabd.engine.EngineConfig;
import io.zabd.engine.log.DurabilityListener;
import io.zabd.engine.log.GroupCommitLog;
import io.zabd.engine.txn.Txn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a real {@link Engine} as the server does (group commit, apply once durable, background
 * snapshots and checkpoints) with {@link EngineWorkload}, recording the tree digest after every zxid.
 */
final class EngineRun {
    static final long WAIT_MS = 30_000;

    private EngineRun() {}

    static EngineConfig config(Path dataDir, Path dataLogDir, long snapCount) {
        return EngineConfig.defaults(dataDir, dataLogDir).withSnapCount(snapCount)
                .withPreAllocSizeBytes(1024 * 1024 + 4096 * 2).withRandomSeed(3);
    }

    /** Writes {@code count} txns through the engine and closes it; returns zxid to digest. */
    static Map<Long, Long> write(EngineConfig config, long seed, int count) throws IOException {
        Map<Long, Long> digests = new TreeMap<>();
        try (Engine engine = Engine.open(config)) {
            AtomicLong durable = new AtomicLong(engine.lastZxid());
            GroupCommitLog gcl = engine.startLog(new DurabilityListener() {
                @Override
                public void onDurable(long zxid) {
                    durable.set(zxid);
                }

                @Override
                public void onFailure(IOException cause) {
                    throw new AssertionError("log failed", cause);
                }
            });
            EngineWorkload w = new EngineWorkload(seed);
            ArrayDeque<Txn> pending = new ArrayDeque<>();
            for (int i = 0; i < count; i++) {
                Txn txn = w.next();
                while (!gcl.offer(txn)) {
                    applyDurable(engine, pending, durable, digests);
                }
                pending.add(txn);
                applyDurable(engine, pending, durable, digests);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (!pending.isEmpty()) {
                applyDurable(engine, pending, durable, digests);
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("group commit did not make everything durable in time");
                }
                LockSupport.parkNanos(100_000);
            }
        }
        return digests;
    }

    private static void applyDurable(Engine engine, ArrayDeque<Txn> pending, AtomicLong durable, Map<Long, Long> digests) {
        long d = durable.get();
        while (!pending.isEmpty() && pending.peek().zxid() <= d) {
            Txn txn = pending.poll();
            engine.apply(txn);
            digests.put(txn.zxid(), engine.tree().digest());
        }
    }
}
