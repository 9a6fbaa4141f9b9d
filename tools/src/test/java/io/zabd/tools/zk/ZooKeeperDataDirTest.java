package io.zabd.tools.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.txn.OpCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.server.persistence.SnapStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Goal: a data directory written by the real Apache ZooKeeper 3.9.5 (several fuzzy snapshots,
 * rolled and preallocated logs, in each snapshot compression) reads back to exactly the tree,
 * stats, ACLs and sessions a client saw, and the replay reproduces every digest ZooKeeper recorded.
 */
class ZooKeeperDataDirTest {

    @ParameterizedTest
    @EnumSource(SnapStream.StreamMode.class)
    void readsWhatZooKeeperWrote(SnapStream.StreamMode compression, @TempDir Path root) throws Exception {
        Produced p = Produced.run(root, compression);

        List<Path> snapshots = ZkFiles.sortedByZxid(ZkFiles.versionDir(p.dataDir()), ZkFiles.SNAPSHOT_PREFIX, true);
        List<Path> logs = ZkFiles.sortedByZxid(ZkFiles.versionDir(p.dataLogDir()), ZkFiles.LOG_PREFIX, true);
        assertTrue(snapshots.size() >= 3, "several snapshots taken: " + snapshots);
        assertTrue(logs.size() >= 3, "logs rolled: " + logs);
        ZkSnapshotReader reader = new ZkSnapshotReader();
        for (Path s : snapshots) {
            assertTrue(s.getFileName().toString().endsWith(compression.getFileExtension()), s.toString());
            ZkSnapshot snap = reader.read(s); // every seal checked
            assertTrue(snap.digest().isPresent(), "digest section in " + s);
            assertTrue(snap.lastProcessedZxid().isPresent(), "lastProcessedZxid section in " + s);
            assertEquals(-1, snap.dbid());
            // the section is written after the (fuzzy) tree, so it may be past the name's zxid
            assertTrue(snap.lastProcessedZxid().getAsLong() >= snap.zxid(), "lastProcessedZxid section in " + s);
        }

        // a flipped byte in the middle of the newest snapshot, in any compression, is a clear error
        Path damaged = Files.createDirectories(root.resolve("damaged")).resolve(snapshots.get(snapshots.size() - 1).getFileName());
        byte[] bytes = Files.readAllBytes(snapshots.get(snapshots.size() - 1));
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(damaged, bytes);
        ZkFormatException damage = assertThrows(ZkFormatException.class, () -> reader.read(damaged));
        assertEquals(damaged, damage.file(), damage.getMessage());

        ZkState state = ZooKeeperDataDir.open(p.dataDir(), p.dataLogDir());
        TreeAssertions.assertSameTree(p.expected(), state);
        assertEquals(Map.of(p.sessions().openA(), RealZooKeeper.SESSION_TIMEOUT_MS,
                p.sessions().openB(), RealZooKeeper.SESSION_TIMEOUT_MS), state.sessions());
        assertTrue(state.digestChecks() > 0, "some digests compared");
        assertEquals(List.of(), state.digestMismatches());
        assertEquals(ZkDigest.tree(state.nodes().values()), state.digest(), "incremental digest equals full");
        assertEquals(List.of(), state.partialTails());
        assertEquals(List.of(), state.skippedSnapshots());
        assertTrue(state.lastZxid() >= state.snapshotZxid());
        assertTrue(state.txnsReplayed() > 0 || state.lastZxid() == state.snapshotZxid());
        assertFalse(state.acceptedEpoch().isPresent(), "standalone servers write no epoch files");

        // replaying the whole history from the server's first snapshot (snapshot.0) checks our
        // apply of every txn against the digest ZooKeeper logged with it
        ZkState full = ZooKeeperDataDir.openFrom(snapshots.get(0), p.dataDir(), p.dataLogDir(), ZkLimits.DEFAULT,
                SimpleReplayTree::new);
        assertEquals(0, full.snapshotZxid());
        assertEquals(state.lastZxid(), full.lastZxid());
        long[] withDigest = {0};
        ZkTxnLogs.replay(ZkFiles.versionDir(p.dataLogDir()), 0, ZkLimits.DEFAULT, e -> {
            if (e.digest().isPresent()) {
                withDigest[0]++;
            } else {
                assertEquals(OpCode.ERROR, e.txn().type(), "only failed writes are logged without a digest: " + e);
            }
        });
        assertTrue(withDigest[0] > 400, "most txns carry a digest: " + withDigest[0]);
        assertEquals(withDigest[0], full.digestChecks(), "every logged digest was compared");
        assertEquals(List.of(), full.digestMismatches());
        TreeAssertions.assertSameTree(p.expected(), full);
        assertEquals(state.sessions(), full.sessions());
    }
}
