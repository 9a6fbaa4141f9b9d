package io.zabd.tools;

import io.zabd.engine.log.LogConfig;
import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Zxid;
import io.zabd.tools.zk.ZooKeeperDataDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code export zookeeper}: the latest zabd state as an Apache ZooKeeper data directory. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export data to another system.",
        subcommands = ExportCommand.Zookeeper.class)
final class ExportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing target: export zookeeper ...");
    }

    @Command(name = "zookeeper", mixinStandardHelpOptions = true,
            description = {"Load the latest zabd state read-only (newest snapshot + every log record after it) and write an "
                    + "Apache ZooKeeper data directory: version-2/snapshot.<zxid> with its digest, acceptedEpoch and "
                    + "currentEpoch set to the zxid's epoch, an empty version-2/ log directory.",
                    "Refuses to write over existing ZooKeeper snapshots or logs."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:exported", "2:usage error", "3:unreadable input, target not empty, I/O error"})
    static final class Zookeeper implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "zabd dataDir (holds snapshot/)")
        Path dataDir;
        @Option(names = "--data-log-dir", paramLabel = "DIR", description = "zabd dataLogDir (holds txnlog/; default: --data-dir)")
        Path dataLogDir;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "ZooKeeper dataDir to write")
        Path out;
        @Option(names = "--out-log-dir", paramLabel = "DIR", description = "ZooKeeper dataLogDir (default: --out)")
        Path outLogDir;
        @Option(names = "--extended-types", description = "TTL nodes enabled (zoo.cfg extendedTypesEnabled), as the server ran")
        boolean extendedTypes;
        @Option(names = "--record-bytes-max", paramLabel = "BYTES", description = "largest log record payload (default ${DEFAULT-VALUE})")
        int recordBytesMax = LogConfig.RECORD_PAYLOAD_BYTES_MAX_DEFAULT;

        @Override
        public Integer call() throws IOException {
            StateRebuild.Rebuilt r = StateRebuild.at(dataDir, dataLogDir == null ? dataDir : dataLogDir, StateRebuild.LATEST,
                    extendedTypes, recordBytesMax);
            DataTree tree = r.tree();
            long zxid = r.zxid();
            SnapshotDelta all = tree.captureDelta(zxid, true);
            Path snapshot = ZooKeeperDataDir.export(out, outLogDir == null ? out : outLogDir, zxid, all.upsertedNodes(),
                    all.upsertedAcls(), tree.sessions());
            spec.commandLine().getOut().printf("exported zxid %s (snapshot %s + %d log record(s)): %d nodes, %d session(s) "
                    + "to %s%n", Zxid.toHex(zxid), r.base().name(), r.replayed(), all.upsertedNodes().size(),
                    tree.sessions().size(), snapshot);
            return Exit.OK;
        }
    }
}
