package io.zabd.server.client.handler;

import io.zabd.engine.tree.NodeRecord;
import io.zabd.engine.txn.Acl;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.server.client.Stats;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;
import java.util.List;

/**
 * getChildren (8) answers {children}; getChildren2 (12) {children, stat}. NONODE, then READ, then
 * the child watch. One instance per op.
 */
public final class GetChildrenHandler implements ReadHandler {
    private final boolean withStat;

    public GetChildrenHandler(boolean withStat) {
        this.withStat = withStat;
    }

    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        Request.PathWatch r = (Request.PathWatch) body;
        List<String> children = children(ctx, cnxn, r.path(), r.watch());
        if (children == null) {
            return Reply.error(GetDataHandler.lastError(ctx, cnxn, r.path()));
        }
        return Reply.ok(withStat ? new Response.Children2(children, Stats.of(ctx, RootAlias.node(r.path())))
                : new Response.Children(children));
    }

    /** The children, or null when the node is missing or unreadable. */
    static List<String> children(ServerContext ctx, Cnxn cnxn, String path, boolean watch) {
        NodeRecord node = ctx.tree().nodeRecord(RootAlias.node(path));
        if (node == null || !ctx.permitted(node.acl(), Acl.READ, cnxn)) {
            return null;
        }
        if (watch) {
            ctx.watches().addChildWatch(path, cnxn);
        }
        return ctx.tree().getChildren(RootAlias.node(path));
    }
}
