package io.zabd.server.client.handler;

import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Request;

/** reconfig (16): a standalone server has dynamic reconfiguration disabled: RECONFIGDISABLED. */
public final class ReconfigHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        return Reply.error(KeeperCode.RECONFIGDISABLED);
    }
}
