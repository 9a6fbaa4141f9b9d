package io.zabd.server.client.handler;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.engine.txn.OpCode;
import io.zabd.server.client.Reply;
import io.zabd.server.client.Stats;
import io.zabd.server.client.WriteHandler;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.OpResult;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * multi (14): one txn for all ops. The header's err is OK even when an op failed (ZooKeeper's
 * FinalRequestProcessor): the failure is in the results, OK before the failing op, its code, then
 * RUNTIMEINCONSISTENCY.
 */
public final class MultiHandler implements WriteHandler {
    @Override
    public WriteRequest toWriteRequest(Request body) {
        Request.Multi m = (Request.Multi) body;
        List<WriteRequest> ops = new ArrayList<>(m.ops().size());
        for (Request.Op op : m.ops()) {
            ops.add(toWrite(op));
        }
        return new WriteRequest.Multi(ops);
    }

    private static WriteRequest toWrite(Request.Op op) {
        Request r = op.request();
        switch (op.type()) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL:
                return CreateHandler.toWrite(op.type(), r);
            case OpCode.DELETE:
                return new DeleteHandler().toWriteRequest(r);
            case OpCode.SET_DATA:
                return new SetDataHandler().toWriteRequest(r);
            case OpCode.CHECK:
                Request.CheckVersion c = (Request.CheckVersion) r;
                return new WriteRequest.Check(c.path(), c.version());
            default:
                throw new IllegalArgumentException("op " + OpCode.name(op.type()) + " cannot be part of a multi");
        }
    }

    @Override
    public Reply reply(ApplyResult r) {
        if (r.multiResults() == null) {
            return Reply.error(r.err());
        }
        List<OpResult> results = new ArrayList<>(r.multiResults().size());
        for (ApplyResult sub : r.multiResults()) {
            results.add(toResult(sub));
        }
        return Reply.ok(new Response.Multi(results));
    }

    private static OpResult toResult(ApplyResult sub) {
        switch (sub.type()) {
            case OpCode.CHECK:
                return OpResult.Check.INSTANCE;
            case OpCode.CREATE:
                return new OpResult.Create(sub.path(), null);
            case OpCode.CREATE2, OpCode.CREATE_TTL, OpCode.CREATE_CONTAINER:
                return new OpResult.Create(sub.path(), Stats.toWire(sub.stat()));
            case OpCode.DELETE, OpCode.DELETE_CONTAINER:
                return OpResult.Delete.INSTANCE;
            case OpCode.SET_DATA:
                return new OpResult.SetData(Stats.toWire(sub.stat()));
            case OpCode.ERROR:
                return new OpResult.Error(sub.err());
            default:
                return new OpResult.Error(sub.err() == KeeperCode.OK ? KeeperCode.SYSTEMERROR : sub.err());
        }
    }
}
