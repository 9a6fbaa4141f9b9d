package io.zabd.tools;

import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Record filters of {@code log dump} and {@code log stats}: zxid range, session, op types, path prefix. */
final class RecordFilter {
    @Option(names = "--from", paramLabel = "ZXID", converter = ZxidArg.class, description = "first zxid (0x hex or decimal)")
    Long from;

    @Option(names = "--to", paramLabel = "ZXID", converter = ZxidArg.class, description = "last zxid, inclusive")
    Long to;

    @Option(names = "--session", paramLabel = "ID", converter = ZxidArg.class,
            description = "only records of this session id (0x hex or decimal)")
    Long session;

    @Option(names = "--op", paramLabel = "OP", split = ",",
            description = "only these op types (names such as create,setData,multi,closeSession, or numeric codes);"
                    + " a multi matches when the multi or one of its sub-txns has the type")
    List<String> ops = new ArrayList<>();

    @Option(names = "--path-prefix", paramLabel = "PREFIX",
            description = "only records naming a path that starts with PREFIX (sub-txns and paths2Delete included)")
    String pathPrefix;

    private Set<Integer> opCodes;

    long from() {
        return from == null ? 0 : from;
    }

    long to() {
        return to == null ? Long.MAX_VALUE : to;
    }

    boolean matches(Txn txn) {
        if (session != null && txn.header().sessionId() != session) {
            return false;
        }
        if (!ops.isEmpty() && !matchesOp(txn)) {
            return false;
        }
        if (pathPrefix != null) {
            for (String p : TxnFormat.paths(txn.body())) {
                if (p.startsWith(pathPrefix)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private boolean matchesOp(Txn txn) {
        if (opCodes == null) {
            opCodes = new HashSet<>();
            for (String op : ops) {
                opCodes.add(TxnFormat.parseOp(op));
            }
        }
        if (opCodes.contains(txn.type())) {
            return true;
        }
        if (txn.body() instanceof TxnBody.Multi m && txn.type() == OpCode.MULTI) {
            for (TxnBody.Sub sub : m.txns()) {
                if (opCodes.contains(sub.type())) {
                    return true;
                }
            }
        }
        return false;
    }
}
