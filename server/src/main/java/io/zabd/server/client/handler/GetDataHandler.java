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

/** getData (4), also of /zookeeper/config: NONODE, then READ, then the data watch. */
public final class GetDataHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        Request.PathWatch r = (Request.PathWatch) body;
        Response.GetData data = getData(ctx, cnxn, r.path(), r.watch());
        return data == null ? Reply.error(lastError(ctx, cnxn, r.path())) : Reply.ok(data);
    }

    /** The data and stat, or null when the node is missing or unreadable (see {@link #lastError}). */
    static Response.GetData getData(ServerContext ctx, Cnxn cnxn, String path, boolean watch) {
        NodeRecord node = ctx.tree().nodeRecord(RootAlias.node(path));
        if (node == null || !ctx.permitted(node.acl(), Acl.READ, cnxn)) {
            return null;
        }
        if (watch) {
            ctx.watches().addDataWatch(path, cnxn);
        }
        return new Response.GetData(Stats.data(ctx, RootAlias.node(path), node.data()), Stats.of(ctx, RootAlias.node(path)));
    }

    /** Why {@link #getData} or a children read answered null. */
    static int lastError(ServerContext ctx, Cnxn cnxn, String path) {
        NodeRecord node = ctx.tree().nodeRecord(RootAlias.node(path));
        return node == null ? KeeperCode.NONODE : KeeperCode.NOAUTH;
    }
}
