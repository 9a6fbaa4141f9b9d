package io.zabd.server.client.handler;

import io.zabd.engine.tree.NodeRecord;
import io.zabd.engine.txn.Acl;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.server.client.Stats;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;

/**
 * exists (3): NUL in the path is BADARGUMENTS; an existing node needs READ; the watch is set whether
 * or not the node exists (it then fires NodeCreated); a missing node answers NONODE.
 */
public final class ExistsHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        Request.PathWatch r = (Request.PathWatch) body;
        String path = r.path();
        if (path.indexOf('\0') != -1) {
            return Reply.error(KeeperCode.BADARGUMENTS);
        }
        NodeRecord node = ctx.tree().nodeRecord(RootAlias.node(path));
        if (node != null && !ctx.permitted(node.acl(), Acl.READ, cnxn)) {
            return Reply.error(KeeperCode.NOAUTH);
        }
        if (r.watch()) {
            ctx.watches().addDataWatch(path, cnxn);
        }
        if (node == null) {
            return Reply.error(KeeperCode.NONODE);
        }
        return Reply.ok(new Response.StatOnly(Stats.of(ctx, RootAlias.node(path))));
    }
}
