package io.zabd.server.client.handler;

import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Request;

/** sasl (102): no SASL provider is configured on this server: AUTHFAILED. */
public final class SaslHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        return Reply.error(KeeperCode.AUTHFAILED);
    }
}
