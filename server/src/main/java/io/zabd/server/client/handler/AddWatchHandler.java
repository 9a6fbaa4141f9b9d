package io.zabd.server.client.handler;

import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;
import io.zabd.server.client.watch.WatchMode;

/**
 * addWatch (106): a persistent or persistent-recursive watch, answered ErrorResponse{0} (the client
 * reads those 4 bytes). An unknown mode is a marshalling error, as ZooKeeper's WatcherMode lookup.
 */
public final class AddWatchHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        Request.AddWatch r = (Request.AddWatch) body;
        WatchMode mode = WatchMode.fromAddWatchMode(r.mode());
        if (mode == null) {
            return Reply.error(KeeperCode.MARSHALLINGERROR);
        }
        ctx.watches().addPersistentWatch(r.path(), cnxn, mode);
        return Reply.ok(new Response.Error(KeeperCode.OK));
    }
}
