package io.zabd.tools.zk;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Opens an Apache ZooKeeper data directory pair ({@code dataDir} with snapshots, epochs and myid;
 * {@code dataLogDir} with txn logs, often the same directory) and rebuilds its latest consistent
 * state the way ZooKeeper does on start:
 *
 * <ol>
 *   <li>take the newest snapshot that reads cleanly (all seals good), trying up to
 *       {@link #SNAPSHOTS_TRIED_MAX} from newest to oldest and recording why newer ones were skipped;</li>
 *   <li>replay every logged txn after its zxid (see {@link ZkTxnLogs}), tracking sessions
 *       (createSession / closeSession) and applying the rest to a {@link ReplayTree};</li>
 *   <li>check the tree digest wherever ZooKeeper recorded one: the snapshot's own (once replay
 *       reaches its zxid, the end of the fuzzy window) and each later txn's.</li>
 * </ol>
 */
public final class ZooKeeperDataDir {
    /** ZooKeeper gives up after this many unreadable snapshots; so do we. */
    public static final int SNAPSHOTS_TRIED_MAX = 100;

    private ZooKeeperDataDir() {}

    public static ZkState open(Path dataDir, Path dataLogDir) throws IOException {
        return open(dataDir, dataLogDir, ZkLimits.DEFAULT, SimpleReplayTree::new);
    }

    /** Builds the tree to replay into from a snapshot's nodes and ACL table. */
    public interface TreeFactory extends BiFunction<List<NodeImage>, Map<Long, List<Acl>>, ReplayTree> {}

    public static ZkState open(Path dataDir, Path dataLogDir, ZkLimits limits, TreeFactory treeFactory)
            throws IOException {
        Path snapDir = ZkFiles.versionDir(dataDir);
        List<String> skipped = new ArrayList<>();
        ZkSnapshot snap = newestReadable(snapDir, limits, skipped);
        if (snap == null) {
            String why = skipped.isEmpty() ? "no snapshot files" : "no readable snapshot: " + skipped;
            throw new ZkFormatException(snapDir, 0, why
                    + " (Apache ZooKeeper writes snapshot.0 on first start, so a data directory without one is not usable)");
        }
        return replayOnto(snap, dataDir, dataLogDir, limits, treeFactory, skipped);
    }

    /**
     * Like {@link #open} but starts from a chosen snapshot (for example an older one, to replay and
     * digest-check more of the log) instead of the newest.
     */
    public static ZkState openFrom(Path snapshotFile, Path dataDir, Path dataLogDir, ZkLimits limits,
            TreeFactory treeFactory) throws IOException {
        ZkSnapshot snap = new ZkSnapshotReader(limits).read(snapshotFile);
        return replayOnto(snap, dataDir, dataLogDir, limits, treeFactory, List.of());
    }

    private static ZkState replayOnto(ZkSnapshot snap, Path dataDir, Path dataLogDir, ZkLimits limits,
            TreeFactory treeFactory, List<String> skipped) throws IOException {
        Path logDir = ZkFiles.versionDir(dataLogDir);
        ReplayTree tree = treeFactory.apply(snap.nodes(), snap.acls());
        Map<Long, Integer> sessions = new HashMap<>(snap.sessions());
        DigestChecker digests = new DigestChecker(snap, tree);
        ZkTxnLogs.Result replay = ZkTxnLogs.replay(logDir, snap.zxid(), limits, entry -> {
            Txn txn = entry.txn();
            if (txn.type() == OpCode.CREATE_SESSION) {
                sessions.put(txn.header().sessionId(), ((TxnBody.CreateSession) txn.body()).timeoutMs());
            } else if (txn.type() == OpCode.CLOSE_SESSION) {
                sessions.remove(txn.header().sessionId());
            }
            tree.apply(txn);
            digests.afterTxn(entry);
        });
        return new ZkState(snap.file(), snap.zxid(), replay.lastZxid(), tree.nodes(), tree.acls(), Map.copyOf(sessions),
                tree.digest(), replay.txnCount(), digests.checks, List.copyOf(digests.mismatches),
                replay.partialTails(), List.copyOf(skipped), ZkFiles.readAcceptedEpoch(dataDir),
                ZkFiles.readCurrentEpoch(dataDir), ZkFiles.readMyid(dataDir));
    }

    /**
     * Writes a fresh ZooKeeper data directory holding exactly this state: a snapshot at {@code zxid}
     * (see {@link ZkSnapshotWriter}), an empty {@code dataLogDir/version-2} and the epoch files set
     * to the zxid's epoch. Refuses to write over existing snapshots or logs.
     *
     * @return the snapshot file written
     */
    public static Path export(Path dataDir, Path dataLogDir, long zxid,
            Collection<NodeImage> nodes, Map<Long, List<Acl>> acls,
            Map<Long, Integer> sessions) throws IOException {
        Path snapDir = ZkFiles.versionDir(dataDir);
        Path logDir = ZkFiles.versionDir(dataLogDir);
        if (!ZkFiles.sortedByZxid(snapDir, ZkFiles.SNAPSHOT_PREFIX, true).isEmpty()
                || !ZkFiles.sortedByZxid(logDir, ZkFiles.LOG_PREFIX, true).isEmpty()) {
            throw new IOException("refusing to export into " + dataDir + " / " + dataLogDir
                    + ": it already holds ZooKeeper snapshots or logs");
        }
        Files.createDirectories(logDir);
        Path snapshot = ZkSnapshotWriter.write(dataDir, zxid, nodes, acls, sessions);
        long epoch = Zxid.epoch(zxid);
        ZkFiles.writeLongFile(snapDir.resolve(ZkFiles.ACCEPTED_EPOCH), epoch);
        ZkFiles.writeLongFile(snapDir.resolve(ZkFiles.CURRENT_EPOCH), epoch);
        return snapshot;
    }

    private static ZkSnapshot newestReadable(Path snapDir, ZkLimits limits, List<String> skipped) throws IOException {
        ZkSnapshotReader reader = new ZkSnapshotReader(limits);
        List<Path> files = ZkFiles.sortedByZxid(snapDir, ZkFiles.SNAPSHOT_PREFIX, false);
        for (int i = 0; i < files.size() && i < SNAPSHOTS_TRIED_MAX; i++) {
            try {
                return reader.read(files.get(i));
            } catch (ZkFormatException e) {
                skipped.add(e.getMessage());
            }
        }
        return null;
    }

    /** Compares the replayed tree's digest with what ZooKeeper recorded, as ZooKeeper does on restore. */
    private static final class DigestChecker {
        private final ReplayTree tree;
        /** The snapshot's digest while replay is still inside the fuzzy window, else null. */
        private ZkSnapshot.ZxidDigest pending;
        int checks;
        final List<ZkState.DigestMismatch> mismatches = new ArrayList<>();

        DigestChecker(ZkSnapshot snap, ReplayTree tree) {
            this.tree = tree;
            ZkSnapshot.ZxidDigest d = snap.digest().orElse(null);
            if (d != null && d.zxid() > 0 && d.zxid() >= snap.zxid() && d.digestVersion() == ZkDigest.VERSION) {
                pending = d;
                if (d.zxid() == snap.zxid()) {
                    compare(d.zxid(), d.digest());
                    pending = null;
                }
            }
        }

        void afterTxn(ZkLogEntry entry) {
            if (pending != null) {
                if (entry.zxid() == pending.zxid()) {
                    compare(entry.zxid(), pending.digest());
                    pending = null;
                } else if (entry.zxid() > pending.zxid()) {
                    pending = null; // ZooKeeper: "the txn of snapshot digest does not exist"; stop waiting
                }
                return;
            }
            entry.digest().ifPresent(d -> {
                if (d.version() == ZkDigest.VERSION) {
                    compare(entry.zxid(), d.treeDigest());
                }
            });
        }

        private void compare(long zxid, long recorded) {
            checks++;
            long replayed = tree.digest();
            if (replayed != recorded) {
                mismatches.add(new ZkState.DigestMismatch(zxid, recorded, replayed));
            }
        }
    }
}
