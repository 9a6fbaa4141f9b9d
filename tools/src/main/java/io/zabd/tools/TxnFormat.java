package io.zabd.tools;

import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import io.zabd.engine.txn.Zxid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Renders decoded transactions as one line of text or one JSON object, and lists the paths they touch. */
final class TxnFormat {
    private TxnFormat() {}

    /** Every path a transaction names (sub-transactions of a multi and closeSession's paths2Delete included). */
    static List<String> paths(TxnBody body) {
        List<String> out = new ArrayList<>();
        addPaths(body, out);
        return out;
    }

    private static void addPaths(TxnBody body, List<String> out) {
        String p = pathOf(body);
        if (p != null) {
            out.add(p);
        } else if (body instanceof TxnBody.CloseSession b) {
            out.addAll(b.paths2Delete());
        } else if (body instanceof TxnBody.Multi m) {
            for (TxnBody.Sub sub : m.txns()) {
                addPaths(sub.body(), out);
            }
        }
    }

    static String pathOf(TxnBody body) {
        if (body instanceof TxnBody.Create b) {
            return b.path();
        } else if (body instanceof TxnBody.CreateContainer b) {
            return b.path();
        } else if (body instanceof TxnBody.CreateTtl b) {
            return b.path();
        } else if (body instanceof TxnBody.Delete b) {
            return b.path();
        } else if (body instanceof TxnBody.SetData b) {
            return b.path();
        } else if (body instanceof TxnBody.SetAcl b) {
            return b.path();
        } else if (body instanceof TxnBody.CheckVersion b) {
            return b.path();
        }
        return null;
    }

    /** {@code 0x100000003 2026-11-27T13:00:00.123Z session 0x... cxid 3 create /a data 5B ...}. */
    static String text(Txn txn) {
        TxnHeader h = txn.header();
        return Zxid.toHex(h.zxid()) + " " + Instant.ofEpochMilli(h.timeMs()) + " session " + Zxid.toHex(h.sessionId())
                + " cxid " + h.cxid() + " " + OpCode.name(h.type()) + bodyText(txn.body());
    }

    private static String bodyText(TxnBody body) {
        if (body instanceof TxnBody.Create b) {
            return " " + b.path() + " data " + len(b.data()) + " acl " + acls(b.acl()) + (b.ephemeral() ? " ephemeral" : "")
                    + " parentCVersion " + b.parentCVersion();
        } else if (body instanceof TxnBody.CreateContainer b) {
            return " " + b.path() + " data " + len(b.data()) + " acl " + acls(b.acl()) + " parentCVersion " + b.parentCVersion();
        } else if (body instanceof TxnBody.CreateTtl b) {
            return " " + b.path() + " data " + len(b.data()) + " acl " + acls(b.acl()) + " ttl " + b.ttlMs() + "ms"
                    + " parentCVersion " + b.parentCVersion();
        } else if (body instanceof TxnBody.Delete b) {
            return " " + b.path();
        } else if (body instanceof TxnBody.SetData b) {
            return " " + b.path() + " data " + len(b.data()) + " version " + b.version();
        } else if (body instanceof TxnBody.SetAcl b) {
            return " " + b.path() + " acl " + acls(b.acl()) + " version " + b.version();
        } else if (body instanceof TxnBody.CheckVersion b) {
            return " " + b.path() + " version " + b.version();
        } else if (body instanceof TxnBody.CreateSession b) {
            return " timeout " + b.timeoutMs() + "ms";
        } else if (body instanceof TxnBody.CloseSession b) {
            return " paths2Delete " + b.paths2Delete();
        } else if (body instanceof TxnBody.Error b) {
            return " err " + b.err();
        } else if (body instanceof TxnBody.Multi m) {
            StringBuilder sb = new StringBuilder(" [");
            for (int i = 0; i < m.txns().size(); i++) {
                TxnBody.Sub sub = m.txns().get(i);
                sb.append(i == 0 ? "" : "; ").append(OpCode.name(sub.type())).append(bodyText(sub.body()));
            }
            return sb.append(']').toString();
        }
        return "";
    }

    private static String len(byte[] data) {
        return data == null ? "null" : data.length + "B";
    }

    private static String acls(List<Acl> acl) {
        StringBuilder sb = new StringBuilder();
        for (Acl a : acl) {
            sb.append(sb.length() == 0 ? "" : ",").append(a.scheme()).append(':').append(a.id()).append(':')
                    .append(perms(a.perms()));
        }
        return sb.toString();
    }

    /** ZooKeeper's cdrwa letters. */
    static String perms(int p) {
        return ((p & Acl.CREATE) != 0 ? "c" : "") + ((p & Acl.DELETE) != 0 ? "d" : "")
                + ((p & Acl.READ) != 0 ? "r" : "") + ((p & Acl.WRITE) != 0 ? "w" : "")
                + ((p & Acl.ADMIN) != 0 ? "a" : "");
    }

    static String json(Txn txn, String segment, long offset, int payloadBytes) {
        TxnHeader h = txn.header();
        Json j = Json.object().hex("zxid", h.zxid()).put("time", Instant.ofEpochMilli(h.timeMs()).toString())
                .hex("session", h.sessionId()).put("cxid", h.cxid()).put("op", OpCode.name(h.type()));
        bodyJson(txn.body(), j);
        return j.put("segment", segment).put("offset", offset).put("bytes", payloadBytes).toString();
    }

    private static void bodyJson(TxnBody body, Json j) {
        String path = pathOf(body);
        if (path != null) {
            j.put("path", path);
        }
        if (body instanceof TxnBody.Create b) {
            j.base64("data", b.data()).raw("acl", aclJson(b.acl())).put("ephemeral", b.ephemeral())
                    .put("parentCVersion", b.parentCVersion());
        } else if (body instanceof TxnBody.CreateContainer b) {
            j.base64("data", b.data()).raw("acl", aclJson(b.acl())).put("parentCVersion", b.parentCVersion());
        } else if (body instanceof TxnBody.CreateTtl b) {
            j.base64("data", b.data()).raw("acl", aclJson(b.acl())).put("ttlMs", b.ttlMs())
                    .put("parentCVersion", b.parentCVersion());
        } else if (body instanceof TxnBody.SetData b) {
            j.base64("data", b.data()).put("version", b.version());
        } else if (body instanceof TxnBody.SetAcl b) {
            j.raw("acl", aclJson(b.acl())).put("version", b.version());
        } else if (body instanceof TxnBody.CheckVersion b) {
            j.put("version", b.version());
        } else if (body instanceof TxnBody.CreateSession b) {
            j.put("timeoutMs", b.timeoutMs());
        } else if (body instanceof TxnBody.CloseSession b) {
            j.strings("paths2Delete", b.paths2Delete());
        } else if (body instanceof TxnBody.Error b) {
            j.put("err", b.err());
        } else if (body instanceof TxnBody.Multi m) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < m.txns().size(); i++) {
                TxnBody.Sub sub = m.txns().get(i);
                Json s = Json.object().put("op", OpCode.name(sub.type()));
                bodyJson(sub.body(), s);
                sb.append(i == 0 ? "" : ",").append(s);
            }
            j.raw("txns", sb.append(']').toString());
        }
    }

    static String aclJson(List<Acl> acl) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < acl.size(); i++) {
            Acl a = acl.get(i);
            sb.append(i == 0 ? "" : ",").append(Json.object().put("perms", a.perms()).put("scheme", a.scheme())
                    .put("id", a.id()));
        }
        return sb.append(']').toString();
    }

    /** Parses an op filter: ZooKeeper's name ({@code setData}, case-insensitive) or the numeric code. */
    static int parseOp(String text) {
        for (int op = -11; op <= 107; op++) {
            if (OpCode.name(op).equalsIgnoreCase(text)) {
                return op;
            }
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown op type '" + text + "' (use a name such as create, setData, "
                    + "multi, closeSession, or a numeric code)");
        }
    }
}
