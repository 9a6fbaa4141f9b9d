package io.zabd.server.client.handler;

import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;

/** ping (11): header only (xid -2); the session was touched when the request arrived. */
public final class PingHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        return Reply.ok(Response.Empty.INSTANCE);
    }
}
