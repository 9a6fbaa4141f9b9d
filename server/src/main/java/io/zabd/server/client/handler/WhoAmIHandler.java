package io.zabd.server.client.handler;

import io.zabd.engine.tree.prep.AuthId;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * whoAmI (107): every id of the connection as ClientInfo{scheme, user}: ip gives the address,
 * digest the user name (before ':'), schemes without a provider (super) an empty user.
 */
public final class WhoAmIHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        List<Response.ClientInfo> out = new ArrayList<>();
        for (AuthId id : cnxn.authInfo()) {
            out.add(new Response.ClientInfo(id.scheme(), userOf(id)));
        }
        return Reply.ok(new Response.WhoAmI(out));
    }

    static String userOf(AuthId id) {
        switch (id.scheme()) {
            case "digest":
                return id.id().split(":")[0];
            case Cnxn.IP:
                return id.id();
            default:
                return "";
        }
    }
}
