package io.zabd.tools.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.persistence.SnapStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: a data directory exported by our writer is loaded by the real Apache ZooKeeper 3.9.5, which
 * then serves exactly the tree (data, every Stat field, ACLs) of the directory we read, accepts our
 * digest section without a mismatch, and resumes at our zxid.
 */
class ZkSnapshotWriterTest {

    @Test
    void zooKeeperServesTheTreeWeExported(@TempDir Path root) throws Exception {
        Produced p = Produced.run(root.resolve("source"), SnapStream.StreamMode.CHECKED);
        ZkState state = ZooKeeperDataDir.open(p.dataDir(), p.dataLogDir());

        Path dataDir = root.resolve("export/data");
        Path dataLogDir = root.resolve("export/datalog");
        Path written = ZooKeeperDataDir.export(dataDir, dataLogDir, state.lastZxid(), state.nodes().values(),
                state.acls(), state.sessions());
        assertEquals(ZkFiles.snapshotName(state.lastZxid(), ZkFiles.Compression.NONE), written.getFileName().toString());
        assertTrue(Files.isDirectory(ZkFiles.versionDir(dataLogDir)));
        long epoch = state.lastZxid() >>> 32;
        assertEquals(OptionalLong.of(epoch), ZkFiles.readAcceptedEpoch(dataDir));
        assertEquals(OptionalLong.of(epoch), ZkFiles.readCurrentEpoch(dataDir));

        // our own reader takes it back unchanged
        ZkState reread = ZooKeeperDataDir.open(dataDir, dataLogDir);
        assertEquals(state.nodes(), reread.nodes());
        assertEquals(state.sessions(), reread.sessions());
        assertEquals(List.of(), reread.digestMismatches());
        assertEquals(1, reread.digestChecks(), "the snapshot's own digest, at its zxid");

        Map<String, Workload.Seen> served;
        try (RealZooKeeper zk = RealZooKeeper.start(dataDir, dataLogDir,
                new RealZooKeeper.Settings(100_000, Produced.PRE_ALLOC_BYTES, SnapStream.StreamMode.CHECKED))) {
            assertEquals(List.of(), zk.digestMismatches, "ZooKeeper found our digest right");
            assertEquals(state.digest(), zk.server().getZKDatabase().getDataTree().getTreeDigest());
            assertTrue(zk.server().getZKDatabase().getDataTreeLastProcessedZxid() >= state.lastZxid());
            assertEquals(state.sessions().keySet(), Set.copyOf(zk.server().getZKDatabase().getSessions()));
            try (ZooKeeper c = zk.client()) {
                c.addAuthInfo("digest", Workload.bytes("alice:secret"));
                served = Workload.capture(c);
            }
        }
        assertEquals(p.expected().keySet(), served.keySet());
        for (Map.Entry<String, Workload.Seen> e : p.expected().entrySet()) {
            Workload.Seen s = served.get(e.getKey());
            org.junit.jupiter.api.Assertions.assertArrayEquals(e.getValue().data(), s.data(), e.getKey());
            assertEquals(e.getValue().stat(), s.stat(), "stat of " + e.getKey());
            assertEquals(e.getValue().acl(), s.acl(), "acl of " + e.getKey());
        }
    }
}
