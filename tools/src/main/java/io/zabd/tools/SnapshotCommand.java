package io.zabd.tools;

import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.snapshot.SnapshotStoreException;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.TreeLoader;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code snapshot list | dump | summary | diff | verify} over a zabd snapshot store, opened read-only. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Inspect and verify zabd snapshots (the live RocksDB store and its checkpoints), read-only.",
        subcommands = {SnapshotCommand.ListStores.class, SnapshotCommand.Dump.class, SnapshotCommand.Summary.class,
                SnapshotCommand.Diff.class, SnapshotCommand.Verify.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok (diff: identical)", "1:digest mismatch (verify), differences (diff)", "2:usage error",
                "3:I/O error, unreadable store"})
final class SnapshotCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing snapshot command");
    }

    /** The store argument and tree options shared by the snapshot commands. */
    static final class StoreArgs {
        @Parameters(index = "0", paramLabel = "DIR",
                description = "a dataDir, its snapshot/ directory, or one RocksDB database (live/ or checkpoints/<zxid>)")
        Path dir;
        @Option(names = "--extended-types", description = "TTL nodes enabled (zoo.cfg extendedTypesEnabled), as the server ran")
        boolean extendedTypes;
    }

    /** Picks one snapshot of a store. */
    static final class Which {
        @Option(names = "--snapshot", paramLabel = "ZXID|live",
                description = "which snapshot: 'live' (default) or a checkpoint's zxid")
        String which;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the live store and the checkpoints: zxid, node count, data bytes, digest, bytes on disk.")
    static final class ListStores implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreArgs args;
        @Option(names = "--json", description = "one JSON object per snapshot")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (!json) {
                out.printf("%-18s %-13s %8s %12s %-20s %12s%n", "snapshot", "zxid", "nodes", "data bytes", "digest",
                        "disk bytes");
            }
            for (Trees.Store s : Trees.stores(args.dir)) {
                long[] counts = new long[2];
                long zxid;
                long digest;
                try (SnapshotStore store = SnapshotStore.openReadOnly(s.path())) {
                    zxid = store.lastZxid();
                    digest = store.digest();
                    store.load(new CountingSink(counts));
                }
                long disk = Trees.diskBytes(s.path());
                if (json) {
                    boolean empty = zxid == SnapshotStore.NONE;
                    out.println(Json.object().put("snapshot", s.name()).put("path", s.path().toString())
                            .put("zxid", empty ? null : Zxid.toHex(zxid)).put("nodes", counts[0]).put("dataBytes", counts[1])
                            .put("digest", empty ? null : "0x" + Long.toHexString(digest)).put("diskBytes", disk));
                } else {
                    out.printf("%-18s %-13s %8d %12d %-20s %12d%n", s.name(), zxid == SnapshotStore.NONE ? "empty"
                            : Zxid.toHex(zxid), counts[0], counts[1], zxid == SnapshotStore.NONE ? "-"
                            : "0x" + Long.toHexString(digest), disk);
                }
            }
            return Exit.OK;
        }
    }

    /** Counts nodes and data bytes of a stored snapshot without building a tree. */
    private record CountingSink(long[] counts) implements io.zabd.engine.snapshot.SnapshotSink {
        @Override
        public void acl(long aclRef, List<io.zabd.engine.txn.Acl> acl) {}

        @Override
        public void session(long sessionId, int timeoutMs) {}

        @Override
        public void node(NodeImage node) {
            counts[0]++;
            counts[1] += node.data() == null ? 0 : node.data().length;
        }

        @Override
        public void end(long lastZxid, long digest) {}
    }

    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Print the nodes of a snapshot in path order: client-visible Stat and ACL, optionally the data (base64).")
    static final class Dump implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreArgs args;
        @Mixin
        Which which;
        @Option(names = "--path-prefix", paramLabel = "PREFIX", description = "only paths starting with PREFIX")
        String prefix;
        @Option(names = "--with-data", description = "include each node's data, base64")
        boolean withData;
        @Option(names = "--json", description = "one JSON object per node")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Trees.Store s = Trees.select(args.dir, which.which);
            DataTree tree = Trees.load(s.path(), args.extendedTypes);
            NodeFormat.dump(tree, Trees.images(tree), prefix, withData, json, spec.commandLine().getOut());
            return Exit.OK;
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Per subtree down to --depth: direct children, nodes in the subtree and their data bytes "
                    + "(like ZooKeeper's zkSnapshotRecursiveSummaryToolkit).")
    static final class Summary implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreArgs args;
        @Mixin
        Which which;
        @Option(names = "--path", paramLabel = "PATH", description = "start here (default /)")
        String path = DataTree.ROOT;
        @Option(names = "--depth", paramLabel = "D", description = "levels below --path to report (default ${DEFAULT-VALUE})")
        int depth = 1;
        @Option(names = "--json", description = "one JSON object per subtree")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Trees.Store s = Trees.select(args.dir, which.which);
            DataTree tree = Trees.load(s.path(), args.extendedTypes);
            if (tree.getNode(path) == null) {
                throw new ToolException("no node " + path + " in " + s.path());
            }
            SortedMap<String, NodeImage> images = Trees.images(tree);
            int base = Trees.depth(path);
            Map<String, long[]> totals = TreeDiff.totals(images, base + depth);
            PrintWriter out = spec.commandLine().getOut();
            if (!json) {
                out.printf("%-40s %9s %9s %12s%n", "path", "children", "nodes", "data bytes");
            }
            for (Map.Entry<String, long[]> e : totals.entrySet()) {
                if (!Trees.under(e.getKey(), path)) {
                    continue;
                }
                String indent = "  ".repeat(Trees.depth(e.getKey()) - base);
                int children = tree.getChildren(e.getKey()).size();
                if (json) {
                    out.println(Json.object().put("path", e.getKey()).put("children", children)
                            .put("nodes", e.getValue()[0]).put("dataBytes", e.getValue()[1]));
                } else {
                    out.printf("%-40s %9d %9d %12d%n", indent + e.getKey(), children, e.getValue()[0], e.getValue()[1]);
                }
            }
            return Exit.OK;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Differences between two snapshots: nodes added (+), removed (-), changed (~, with the fields), "
                    + "then subtrees whose size changed past the thresholds.",
                    "A and B are database directories (live/ or checkpoints/<zxid>), or with --dir checkpoint zxids or 'live'.",
                    "Exit 0 when identical, 1 when they differ."})
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", paramLabel = "DIR", description = "dataDir or snapshot/ directory to resolve zxids in")
        Path dir;
        @Parameters(index = "0", paramLabel = "A", description = "the snapshot before: a database directory, or with --dir a zxid or 'live'")
        String a;
        @Parameters(index = "1", paramLabel = "B", description = "the snapshot after")
        String b;
        @Option(names = "--extended-types", description = "TTL nodes enabled, as the server ran")
        boolean extendedTypes;
        @Mixin
        TreeDiff.Options options;

        @Override
        public Integer call() throws IOException {
            DataTree ta = Trees.load(Trees.select(dir, a).path(), extendedTypes);
            DataTree tb = Trees.load(Trees.select(dir, b).path(), extendedTypes);
            PrintWriter out = spec.commandLine().getOut();
            long n = TreeDiff.print(ta, tb, options, out);
            if (!options.json) {
                out.printf("%s (zxid %s) -> %s (zxid %s): %d node difference(s)%n", a, Zxid.toHex(ta.lastProcessedZxid()), b,
                        Zxid.toHex(tb.lastProcessedZxid()), n);
            }
            return n == 0 ? Exit.OK : Exit.PROBLEM;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Load every snapshot (or the one chosen with --snapshot) with RocksDB checksums on and check "
                    + "the tree digest stored with it.", "Exit 1 when a snapshot fails (digest mismatch, inconsistent tree, "
                    + "RocksDB corruption); each failure is named."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreArgs args;
        @Mixin
        Which which;
        @Option(names = "--json", description = "one JSON object per snapshot")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<Trees.Store> stores = which.which == null ? Trees.stores(args.dir) : List.of(Trees.select(args.dir, which.which));
            int bad = 0;
            for (Trees.Store s : stores) {
                try {
                    DataTree tree = Trees.load(s.path(), args.extendedTypes);
                    if (json) {
                        out.println(Json.object().put("snapshot", s.name()).put("ok", true)
                                .hex("zxid", tree.lastProcessedZxid()).put("nodes", tree.nodeCount())
                                .hex("digest", tree.digest()));
                    } else {
                        out.printf("OK %s: zxid %s, %d nodes, digest 0x%x%n", s.name(), Zxid.toHex(tree.lastProcessedZxid()),
                                tree.nodeCount(), tree.digest());
                    }
                } catch (TreeLoader.SnapshotLoadException | SnapshotStoreException e) {
                    bad++;
                    if (json) {
                        out.println(Json.object().put("snapshot", s.name()).put("ok", false).put("error", e.getMessage()));
                    } else {
                        out.printf("FAILED %s: %s%n", s.name(), e.getMessage());
                    }
                }
            }
            return bad == 0 ? Exit.OK : Exit.PROBLEM;
        }
    }
}
