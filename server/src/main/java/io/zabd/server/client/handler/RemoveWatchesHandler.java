package io.zabd.server.client.handler;

import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;
import io.zabd.server.client.watch.WatcherType;

/** removeWatches (18): removes the connection's watches of that type on the path, else NOWATCHER. */
public final class RemoveWatchesHandler implements ReadHandler {
    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        Request.WatchType r = (Request.WatchType) body;
        if (!WatcherType.isValid(r.type())) {
            return Reply.error(KeeperCode.MARSHALLINGERROR);
        }
        return ctx.watches().remove(r.path(), r.type(), cnxn) ? Reply.ok(Response.Empty.INSTANCE)
                : Reply.error(KeeperCode.NOWATCHER);
    }
}
