package io.zabd.server.client.handler;

import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * getEphemerals (103): the session's ephemerals whose path starts with the prefix (all of them for
 * a null, blank or "/" prefix); no ACL check, as in ZooKeeper.
 */
public final class GetEphemeralsHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        String prefix = ((Request.PathOnly) body).path();
        List<String> all = ctx.tree().getEphemerals(cnxn.sessionId());
        if (prefix == null || prefix.trim().isEmpty() || "/".equals(prefix.trim())) {
            return Reply.ok(new Response.Children(all));
        }
        List<String> out = new ArrayList<>();
        for (String p : all) {
            if (p.startsWith(prefix)) {
                out.add(p);
            }
        }
        return Reply.ok(new Response.Children(out));
    }
}
