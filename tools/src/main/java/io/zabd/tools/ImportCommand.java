package io.zabd.tools;

import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.snapshot.SnapshotStoreConfig;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Zxid;
import io.zabd.tools.zk.EngineReplayTree;
import io.zabd.tools.zk.ZkLimits;
import io.zabd.tools.zk.ZkState;
import io.zabd.tools.zk.ZooKeeperDataDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code import zookeeper}: an Apache ZooKeeper 3.5-3.9 data directory into a new zabd data directory. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import data from another system.",
        subcommands = ImportCommand.Zookeeper.class)
final class ImportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing source: import zookeeper ...");
    }

    @Command(name = "zookeeper", mixinStandardHelpOptions = true,
            description = {"Read an Apache ZooKeeper data directory (newest readable snapshot.* plain/.gz/.snappy, then "
                    + "every log.* after it; seals, Adler32 and ZooKeeper's logged digests checked) and write a zabd data "
                    + "directory at the same zxid: snapshot store (live + one checkpoint), acceptedEpoch/currentEpoch, "
                    + "empty txnlog/.",
                    "Refuses when the replay does not reproduce a digest ZooKeeper recorded (exit 1) or --out is not empty."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:imported", "1:replay did not match ZooKeeper's recorded digests (nothing written)",
                    "2:usage error", "3:unreadable input, --out not empty, I/O error"})
    static final class Zookeeper implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "ZooKeeper dataDir (holds version-2/ snapshots)")
        Path dataDir;
        @Option(names = "--data-log-dir", paramLabel = "DIR", description = "ZooKeeper dataLogDir (default: --data-dir)")
        Path dataLogDir;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "new zabd dataDir (must not exist or be empty)")
        Path out;
        @Option(names = "--out-log-dir", paramLabel = "DIR", description = "zabd dataLogDir for the empty txnlog/ (default: --out)")
        Path outLogDir;
        @Option(names = "--extended-types", description = "TTL nodes enabled (zookeeper.extendedTypesEnabled), as the server ran")
        boolean extendedTypes;

        @Override
        public Integer call() throws IOException {
            PrintWriter o = spec.commandLine().getOut();
            LogRepairCommands.requireFresh(out);
            Path logOut = outLogDir == null ? out : outLogDir;
            AtomicReference<EngineReplayTree> built = new AtomicReference<>();
            ZkState state = ZooKeeperDataDir.open(dataDir, dataLogDir == null ? dataDir : dataLogDir, ZkLimits.DEFAULT,
                    EngineReplayTree.factory(extendedTypes, built::set));
            o.printf("read %s: snapshot %s (zxid %s) + %d txn(s), last zxid %s, %d nodes, %d session(s), "
                    + "%d ZooKeeper digest(s) compared%n", dataDir, state.snapshotFile().getFileName(),
                    Zxid.toHex(state.snapshotZxid()), state.txnsReplayed(), Zxid.toHex(state.lastZxid()), state.nodes().size(),
                    state.sessions().size(), state.digestChecks());
            for (String skipped : state.skippedSnapshots()) {
                o.println("skipped unreadable snapshot: " + skipped);
            }
            for (var tail : state.partialTails()) {
                o.println("ignored partial txn at the end of a log: " + tail);
            }
            warnAboutTtlOwners(state);
            if (!state.digestMismatches().isEmpty()) {
                o.println("FAILED: the replay does not reproduce ZooKeeper's digests: " + state.digestMismatches());
                return Exit.PROBLEM;
            }
            DataTree tree = built.get().tree();
            long zxid = state.lastZxid();
            SnapshotDelta all = tree.captureDelta(zxid, true);
            // Sessions from the ZooKeeper snapshot are not in the replay tree's table; the state has them all.
            SnapshotDelta delta = new SnapshotDelta(zxid, tree.digest(), true, all.upsertedNodes(), all.deletedPaths(),
                    all.upsertedAcls(), all.deletedAcls(), state.sessions(), all.deletedSessions());
            long acceptedEpoch = state.acceptedEpoch().orElse(Zxid.epoch(zxid));
            long currentEpoch = state.currentEpoch().orElse(Zxid.epoch(zxid));
            Files.createDirectories(logOut.resolve(LogDirs.TXNLOG));
            try (SnapshotStore store = SnapshotStore.open(out.resolve(Trees.SNAPSHOT), SnapshotStoreConfig.defaults())) {
                store.write(delta);
                store.setAcceptedEpoch(acceptedEpoch);
                store.setCurrentEpoch(currentEpoch);
                store.checkpoint(zxid);
            }
            o.printf("wrote zabd data directory %s: zxid %s, %d nodes, %d session(s), acceptedEpoch %d, currentEpoch %d, "
                    + "digest 0x%x, empty log in %s%n", out, Zxid.toHex(zxid), delta.upsertedNodes().size(),
                    delta.upsertedSessions().size(), acceptedEpoch, currentEpoch, tree.digest(), logOut.resolve(LogDirs.TXNLOG));
            return Exit.OK;
        }

        /** An owner with high byte 0xff is a TTL node when ZooKeeper ran with extended types, else a session of server 255. */
        private void warnAboutTtlOwners(ZkState state) {
            if (extendedTypes) {
                return;
            }
            long ttlLike = state.nodes().values().stream().filter(n -> n.stat().ephemeralOwner() >>> 56 == 0xff).count();
            if (ttlLike > 0) {
                spec.commandLine().getErr().println("warning: " + ttlLike + " node(s) have an ephemeralOwner with high byte "
                        + "0xff: TTL nodes if ZooKeeper ran with extendedTypesEnabled (then pass --extended-types, and run "
                        + "zabd with it), otherwise ephemerals of sessions of server id 255");
            }
        }
    }
}
