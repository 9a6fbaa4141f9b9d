package io.zabd.engine.snapshot;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link SnapshotCrashTest}: opens the store in {@code args[0]}, writes the
 * deterministic delta history of seed {@code args[2]} with durable writes (through the synced WAL if
 * {@code args[1]} is true, else by atomic flush), and prints
 * {@code written <zxid>} after each write returned, until it is killed.
 */
public final class SnapshotCrashChild {
    static final int FULL_NODES = 300;
    static final int MAX_CHANGES = 40;
    /** Bound on the history, so an unkilled child ends on its own. */
    static final int MAX_DELTAS = 100_000;

    private SnapshotCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean throughWal = Boolean.parseBoolean(args[1]);
        RandomDeltas gen = new RandomDeltas(Long.parseLong(args[2]));
        PrintStream out = System.out;
        SnapshotStoreConfig config = SnapshotStoreConfig.defaults().withSnapshotsThroughWal(throughWal);
        try (SnapshotStore store = SnapshotStore.open(dir, config)) {
            store.write(gen.full(FULL_NODES));
            out.println("written " + store.lastZxid());
            out.flush();
            for (int i = 0; i < MAX_DELTAS; i++) {
                SnapshotDelta d = gen.next(MAX_CHANGES);
                store.write(d);
                out.println("written " + d.zxid());
                out.flush();
            }
        }
    }
}
