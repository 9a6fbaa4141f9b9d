package io.zabd.server.client.handler;

import io.zabd.engine.tree.NodeRecord;
import io.zabd.engine.txn.Acl;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;

/** getAllChildrenNumber (104): NONODE, then READ, then the number of descendants. */
public final class GetAllChildrenNumberHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        String path = ((Request.PathOnly) body).path();
        NodeRecord node = ctx.tree().nodeRecord(path);
        if (node == null) {
            return Reply.error(KeeperCode.NONODE);
        }
        if (!ctx.permitted(node.acl(), Acl.READ, cnxn)) {
            return Reply.error(KeeperCode.NOAUTH);
        }
        return Reply.ok(new Response.Count(ctx.tree().getAllChildrenNumber(path)));
    }
}
