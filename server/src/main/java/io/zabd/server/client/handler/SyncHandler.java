package io.zabd.server.client.handler;

import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;

/**
 * sync (9): standalone, every write is applied by the time a request of the same connection is
 * answered, so sync answers SyncResponse{path} in the connection's order.
 */
public final class SyncHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        return Reply.ok(new Response.Path(((Request.PathOnly) body).path()));
    }
}
