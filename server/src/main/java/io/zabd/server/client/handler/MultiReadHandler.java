package io.zabd.server.client.handler;

import io.zabd.engine.txn.OpCode;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.OpResult;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;
import java.util.ArrayList;
import java.util.List;

/** multiRead (22): getChildren and getData ops, each answered or failed on its own (ErrorResult). */
public final class MultiReadHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        List<OpResult> results = new ArrayList<>();
        for (Request.Op op : ((Request.Multi) body).ops()) {
            results.add(readOne(ctx, cnxn, op));
        }
        return Reply.ok(new Response.Multi(results));
    }

    private static OpResult readOne(ServerContext ctx, Cnxn cnxn, Request.Op op) {
        Request.PathWatch r = (Request.PathWatch) op.request();
        if (op.type() == OpCode.GET_CHILDREN) {
            List<String> children = GetChildrenHandler.children(ctx, cnxn, r.path(), r.watch());
            return children == null ? new OpResult.Error(GetDataHandler.lastError(ctx, cnxn, r.path()))
                    : new OpResult.GetChildren(children);
        }
        if (op.type() == OpCode.GET_DATA) {
            Response.GetData data = GetDataHandler.getData(ctx, cnxn, r.path(), r.watch());
            return data == null ? new OpResult.Error(GetDataHandler.lastError(ctx, cnxn, r.path()))
                    : new OpResult.GetData(data.data(), data.stat());
        }
        return new OpResult.Error(KeeperCode.MARSHALLINGERROR);
    }
}
