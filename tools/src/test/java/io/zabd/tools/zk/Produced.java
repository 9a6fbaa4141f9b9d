package io.zabd.tools.zk;

import java.nio.file.Path;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.persistence.SnapStream;

/**
 * A real ZooKeeper 3.9.5 data directory produced by running {@link Workload} against the server,
 * with what the client saw just before the server was shut down.
 */
record Produced(Path dataDir, Path dataLogDir, Map<String, Workload.Seen> expected, Workload.Sessions sessions) {
    /** snapCount small enough that the workload takes several snapshots. */
    static final int SNAP_COUNT = 60;
    /** Small preallocation so log files stay small (and are still zero-padded). */
    static final long PRE_ALLOC_BYTES = 16 * 1024;

    static Produced run(Path root, SnapStream.StreamMode compression) throws Exception {
        Path dataDir = root.resolve("data");
        Path dataLogDir = root.resolve("datalog");
        RealZooKeeper.Settings settings = new RealZooKeeper.Settings(SNAP_COUNT, PRE_ALLOC_BYTES, compression);
        Map<String, Workload.Seen> expected;
        Workload.Sessions sessions;
        ZooKeeper a;
        ZooKeeper b;
        try (RealZooKeeper zk = RealZooKeeper.start(dataDir, dataLogDir, settings)) {
            a = zk.client();
            b = zk.client();
            sessions = Workload.run(zk, a, b);
            expected = Workload.capture(b); // b holds the digest identity that can read /secure
        }
        // the server is gone: sessions a and b stay open in its data, as after a crash
        a.close(1000);
        b.close(1000);
        return new Produced(dataDir, dataLogDir, expected, sessions);
    }
}
