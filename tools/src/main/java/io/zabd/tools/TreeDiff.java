package io.zabd.tools;

import io.zabd.engine.tree.DataTree;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.NodeView;
import io.zabd.engine.tree.Stat;
import io.zabd.engine.txn.Zxid;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Differences between two trees: nodes added, removed and changed (data, Stat fields, ACL), and per
 * subtree down to a depth the change in node count and data bytes, reported when it reaches the
 * {@code --nodes} / {@code --bytes} thresholds (like ZooKeeper's SnapshotComparer).
 */
final class TreeDiff {
    /** Options shared by {@code snapshot diff} and {@code state --diff-with}. */
    static final class Options {
        @picocli.CommandLine.Option(names = "--nodes", paramLabel = "N",
                description = "report a subtree when its node count changed by at least N (default ${DEFAULT-VALUE})")
        long nodesThreshold = 1;
        @picocli.CommandLine.Option(names = "--bytes", paramLabel = "N",
                description = "report a subtree when its data bytes changed by at least N, and a changed node only when "
                        + "its data size changed by at least N (0: every change; default ${DEFAULT-VALUE})")
        long bytesThreshold = 0;
        @picocli.CommandLine.Option(names = "--depth", paramLabel = "D",
                description = "depth of the subtree report (default ${DEFAULT-VALUE})")
        int depth = 1;
        @picocli.CommandLine.Option(names = "--json", description = "one JSON object per difference")
        boolean json;
    }

    private TreeDiff() {}

    /** Prints the differences from {@code a} to {@code b}; returns their number (nodes added + removed + changed). */
    static long print(DataTree a, DataTree b, Options o, PrintWriter out) {
        SortedMap<String, NodeImage> na = Trees.images(a);
        SortedMap<String, NodeImage> nb = Trees.images(b);
        TreeSet<String> all = new TreeSet<>(na.keySet());
        all.addAll(nb.keySet());
        long differences = 0;
        for (String path : all) {
            NodeImage x = na.get(path);
            NodeImage y = nb.get(path);
            String line = null;
            if (x == null) {
                line = o.json ? Json.object().put("change", "added").put("path", path).put("dataLength", len(y)).toString()
                        : "+ " + path + " (" + len(y) + " bytes)";
            } else if (y == null) {
                line = o.json ? Json.object().put("change", "removed").put("path", path).put("dataLength", len(x)).toString()
                        : "- " + path + " (" + len(x) + " bytes)";
            } else {
                List<String> fields = changedFields(a.getNode(path), b.getNode(path));
                if (!fields.isEmpty() && Math.abs(len(y) - len(x)) >= o.bytesThreshold) {
                    line = o.json ? Json.object().put("change", "changed").put("path", path).strings("fields", fields)
                            .put("dataLengthBefore", len(x)).put("dataLengthAfter", len(y)).toString()
                            : "~ " + path + " " + String.join(", ", fields);
                }
            }
            if (line != null) {
                out.println(line);
                differences++;
            }
        }
        subtrees(na, nb, o, out);
        return differences;
    }

    private static void subtrees(SortedMap<String, NodeImage> na, SortedMap<String, NodeImage> nb, Options o,
            PrintWriter out) {
        Map<String, long[]> before = totals(na, o.depth);
        Map<String, long[]> after = totals(nb, o.depth);
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String path : keys) {
            long[] x = before.getOrDefault(path, new long[2]);
            long[] y = after.getOrDefault(path, new long[2]);
            long dn = y[0] - x[0];
            long db = y[1] - x[1];
            boolean nodes = dn != 0 && Math.abs(dn) >= o.nodesThreshold;
            boolean bytes = db != 0 && Math.abs(db) >= Math.max(1, o.bytesThreshold);
            if (!nodes && !bytes) {
                continue;
            }
            if (o.json) {
                out.println(Json.object().put("subtree", path).put("nodesBefore", x[0]).put("nodesAfter", y[0])
                        .put("bytesBefore", x[1]).put("bytesAfter", y[1]));
            } else {
                out.printf("subtree %s: nodes %d -> %d (%+d), data bytes %d -> %d (%+d)%n", path, x[0], y[0], dn, x[1], y[1], db);
            }
        }
    }

    /** For each path at depth at most {@code depth}: nodes in its subtree (itself included) and their data bytes. */
    static Map<String, long[]> totals(SortedMap<String, NodeImage> nodes, int depth) {
        Map<String, long[]> out = new TreeMap<>();
        for (NodeImage n : nodes.values()) {
            int d = Trees.depth(n.path());
            for (int k = 0; k <= Math.min(d, depth); k++) {
                long[] t = out.computeIfAbsent(Trees.ancestorAt(n.path(), k), p -> new long[2]);
                t[0]++;
                t[1] += len(n);
            }
        }
        return out;
    }

    static int len(NodeImage n) {
        return n.data() == null ? 0 : n.data().length;
    }

    private static List<String> changedFields(NodeView x, NodeView y) {
        List<String> out = new ArrayList<>();
        if (!Arrays.equals(x.data(), y.data())) {
            out.add("data " + (x.data() == null ? "null" : x.data().length + "B") + " -> "
                    + (y.data() == null ? "null" : y.data().length + "B"));
        }
        Stat s = x.stat();
        Stat t = y.stat();
        field(out, "czxid", s.czxid(), t.czxid(), true);
        field(out, "mzxid", s.mzxid(), t.mzxid(), true);
        field(out, "pzxid", s.pzxid(), t.pzxid(), true);
        field(out, "ctime", s.ctime(), t.ctime(), false);
        field(out, "mtime", s.mtime(), t.mtime(), false);
        field(out, "version", s.version(), t.version(), false);
        field(out, "cversion", s.cversion(), t.cversion(), false);
        field(out, "aversion", s.aversion(), t.aversion(), false);
        field(out, "ephemeralOwner", s.ephemeralOwner(), t.ephemeralOwner(), true);
        field(out, "numChildren", s.numChildren(), t.numChildren(), false);
        if (!x.acl().equals(y.acl())) {
            out.add("acl " + NodeFormat.acls(x.acl()) + " -> " + NodeFormat.acls(y.acl()));
        }
        return out;
    }

    private static void field(List<String> out, String name, long a, long b, boolean hex) {
        if (a != b) {
            out.add(name + " " + (hex ? Zxid.toHex(a) : Long.toString(a)) + " -> " + (hex ? Zxid.toHex(b) : Long.toString(b)));
        }
    }
}
