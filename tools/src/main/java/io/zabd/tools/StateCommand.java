package io.zabd.tools;

import io.zabd.engine.log.LogConfig;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code state --at-zxid Z}: the tree as of any zxid, from a snapshot at or before it plus the log. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"Rebuild the data tree as of a zxid: the newest snapshot (checkpoint or live store) at or before it, "
                + "plus the log records up to it. Prints the zxid, node count and digest; then --dump or --diff-with.",
                "Refuses when no snapshot is old enough or the log does not cover the range."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok (--diff-with: identical)", "1:--diff-with: the trees differ", "2:usage error",
                "3:I/O error, no snapshot at or before the zxid, log does not cover the range"})
final class StateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--at-zxid", required = true, paramLabel = "ZXID", converter = ZxidArg.class,
            description = "the zxid (0x hex or decimal)")
    long zxid;
    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "zabd dataDir (holds snapshot/)")
    Path dataDir;
    @Option(names = "--data-log-dir", paramLabel = "DIR", description = "zabd dataLogDir (holds txnlog/); default: --data-dir")
    Path dataLogDir;
    @Option(names = "--extended-types", description = "TTL nodes enabled (zoo.cfg extendedTypesEnabled), as the server ran")
    boolean extendedTypes;
    @Option(names = "--record-bytes-max", paramLabel = "BYTES", description = "largest log record payload (default ${DEFAULT-VALUE})")
    int recordBytesMax = LogConfig.RECORD_PAYLOAD_BYTES_MAX_DEFAULT;
    @Option(names = "--dump", description = "print the nodes (see --path-prefix, --with-data, --json)")
    boolean dump;
    @Option(names = "--path-prefix", paramLabel = "PREFIX", description = "--dump: only paths starting with PREFIX")
    String prefix;
    @Option(names = "--with-data", description = "--dump: include data, base64")
    boolean withData;
    @Option(names = "--diff-with", paramLabel = "ZXID", converter = ZxidArg.class,
            description = "also rebuild the tree at this zxid and print the differences from --at-zxid to it")
    Long diffWith;
    @Mixin
    TreeDiff.Options diffOptions;

    @Override
    public Integer call() throws IOException {
        Path logDir = dataLogDir == null ? dataDir : dataLogDir;
        StateRebuild.Rebuilt at = StateRebuild.at(dataDir, logDir, zxid, extendedTypes, recordBytesMax);
        PrintWriter out = spec.commandLine().getOut();
        header(out, at);
        if (dump) {
            NodeFormat.dump(at.tree(), Trees.images(at.tree()), prefix, withData, diffOptions.json, out);
        }
        if (diffWith == null) {
            return Exit.OK;
        }
        StateRebuild.Rebuilt other = StateRebuild.at(dataDir, logDir, diffWith, extendedTypes, recordBytesMax);
        header(out, other);
        long n = TreeDiff.print(at.tree(), other.tree(), diffOptions, out);
        if (!diffOptions.json) {
            out.printf("%s -> %s: %d node difference(s)%n", Zxid.toHex(at.zxid()), Zxid.toHex(other.zxid()), n);
        }
        return n == 0 ? Exit.OK : Exit.PROBLEM;
    }

    private void header(PrintWriter out, StateRebuild.Rebuilt r) {
        if (diffOptions.json) {
            out.println(Json.object().hex("zxid", r.zxid()).put("snapshot", r.base().name()).hex("snapshotZxid", r.baseZxid())
                    .put("replayed", r.replayed()).put("nodes", r.tree().nodeCount()).hex("digest", r.tree().digest()));
        } else {
            out.printf("state at zxid %s: snapshot %s (zxid %s) + %d log record(s), %d nodes, digest 0x%x%n",
                    Zxid.toHex(r.zxid()), r.base().name(), Zxid.toHex(r.baseZxid()), r.replayed(), r.tree().nodeCount(),
                    r.tree().digest());
        }
    }
}
