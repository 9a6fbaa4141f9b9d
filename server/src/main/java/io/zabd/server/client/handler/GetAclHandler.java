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
import java.util.ArrayList;
import java.util.List;

/**
 * getACL (6): NONODE; READ or ADMIN needed; without ADMIN the digest ids are masked to
 * {@code user:x} (as ZooKeeper 3.9 does).
 */
public final class GetAclHandler implements ReadHandler {
    private static final String DIGEST = "digest";

    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        String path = ((Request.PathOnly) body).path();
        NodeRecord node = ctx.tree().nodeRecord(RootAlias.node(path));
        if (node == null) {
            return Reply.error(KeeperCode.NONODE);
        }
        if (!ctx.permitted(node.acl(), Acl.READ | Acl.ADMIN, cnxn)) {
            return Reply.error(KeeperCode.NOAUTH);
        }
        List<Acl> acl = node.acl() == null ? List.of() : node.acl();
        if (!ctx.permitted(node.acl(), Acl.ADMIN, cnxn)) {
            List<Acl> masked = new ArrayList<>(acl.size());
            for (Acl a : acl) {
                masked.add(DIGEST.equals(a.scheme()) ? new Acl(a.perms(), a.scheme(), a.id().replaceAll(":.*", ":x")) : a);
            }
            acl = masked;
        }
        return Reply.ok(new Response.GetAcl(acl, Stats.of(ctx, RootAlias.node(path))));
    }
}
