package io.zabd.tools;

import io.zabd.engine.tree.DataTree;
import io.zabd.engine.tree.NodeView;
import io.zabd.engine.tree.Stat;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Zxid;
import java.util.Base64;
import java.util.List;
import java.util.SortedMap;

/** Prints znodes (client-visible Stat, as ZooKeeper's {@code stat} shows it, and ACL) as text or JSON. */
final class NodeFormat {
    private NodeFormat() {}

    static String text(NodeView n, boolean withData) {
        Stat s = n.stat();
        StringBuilder sb = new StringBuilder(n.path()).append("  czxid ").append(Zxid.toHex(s.czxid()))
                .append(" mzxid ").append(Zxid.toHex(s.mzxid())).append(" pzxid ").append(Zxid.toHex(s.pzxid()))
                .append(" ctime ").append(s.ctime()).append(" mtime ").append(s.mtime())
                .append(" version ").append(s.version()).append(" cversion ").append(s.cversion())
                .append(" aversion ").append(s.aversion()).append(" ephemeralOwner ").append(Zxid.toHex(s.ephemeralOwner()))
                .append(" dataLength ").append(s.dataLength()).append(" numChildren ").append(s.numChildren())
                .append(" acl ").append(acls(n.acl()));
        if (withData) {
            sb.append(" data ").append(n.data() == null ? "null" : Base64.getEncoder().encodeToString(n.data()));
        }
        return sb.toString();
    }

    static String json(NodeView n, boolean withData) {
        Stat s = n.stat();
        Json j = Json.object().put("path", n.path()).hex("czxid", s.czxid()).hex("mzxid", s.mzxid()).hex("pzxid", s.pzxid())
                .put("ctime", s.ctime()).put("mtime", s.mtime()).put("version", s.version()).put("cversion", s.cversion())
                .put("aversion", s.aversion()).hex("ephemeralOwner", s.ephemeralOwner()).put("dataLength", s.dataLength())
                .put("numChildren", s.numChildren()).raw("acl", TxnFormat.aclJson(n.acl()));
        if (withData) {
            j.base64("data", n.data());
        }
        return j.toString();
    }

    static String acls(List<Acl> acl) {
        StringBuilder sb = new StringBuilder();
        for (Acl a : acl) {
            sb.append(sb.length() == 0 ? "" : ",").append(a.scheme()).append(':').append(a.id()).append(':')
                    .append(TxnFormat.perms(a.perms()));
        }
        return sb.toString();
    }

    /** Prints every node of {@code tree} whose path starts with {@code prefix}, in path order; returns how many. */
    static long dump(DataTree tree, SortedMap<String, ?> paths, String prefix, boolean withData, boolean json,
            java.io.PrintWriter out) {
        long n = 0;
        for (String path : paths.keySet()) {
            if (prefix != null && !path.startsWith(prefix)) {
                continue;
            }
            NodeView v = tree.getNode(path);
            out.println(json ? json(v, withData) : text(v, withData));
            n++;
        }
        return n;
    }
}
