package io.zabd.server.client.handler;

import io.zabd.engine.tree.NodeRecord;
import io.zabd.engine.tree.WatchTrigger;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;
import io.zabd.server.client.proto.WatcherEvent;
import io.zabd.server.client.watch.WatchMode;

/**
 * setWatches (101) and setWatches2 (105), sent by a reconnecting client (xid -8): each watch either
 * fires at once for what changed after {@code relativeZxid} or is registered again (ZooKeeper's
 * DataTree.setWatches). Data: node gone → NodeDeleted, mzxid newer → NodeDataChanged. Exist: node
 * there → NodeCreated. Child: gone → NodeDeleted, pzxid newer → NodeChildrenChanged. Persistent
 * watches are registered. The events carry zxid -1 and go out before the reply.
 */
public final class SetWatchesHandler implements ReadHandler {
    private static final long NO_ZXID = -1;

    @Override
    public Reply read(ServerContext ctx, Cnxn cnxn, Request body) {
        Request.SetWatches s = (Request.SetWatches) body;
        long rel = s.relativeZxid();
        for (String path : s.dataWatches()) {
            NodeRecord node = ctx.tree().nodeRecord(path);
            if (node == null) {
                fire(ctx, cnxn, WatchTrigger.NODE_DELETED, path);
            } else if (node.stat().mzxid() > rel) {
                fire(ctx, cnxn, WatchTrigger.NODE_DATA_CHANGED, path);
            } else {
                ctx.watches().addDataWatch(path, cnxn);
            }
        }
        for (String path : s.existWatches()) {
            if (ctx.tree().nodeRecord(path) != null) {
                fire(ctx, cnxn, WatchTrigger.NODE_CREATED, path);
            } else {
                ctx.watches().addDataWatch(path, cnxn);
            }
        }
        for (String path : s.childWatches()) {
            NodeRecord node = ctx.tree().nodeRecord(path);
            if (node == null) {
                fire(ctx, cnxn, WatchTrigger.NODE_DELETED, path);
            } else if (node.stat().pzxid() > rel) {
                fire(ctx, cnxn, WatchTrigger.NODE_CHILDREN_CHANGED, path);
            } else {
                ctx.watches().addChildWatch(path, cnxn);
            }
        }
        for (String path : s.persistentWatches()) {
            ctx.watches().addPersistentWatch(path, cnxn, WatchMode.PERSISTENT);
        }
        for (String path : s.persistentRecursiveWatches()) {
            ctx.watches().addPersistentWatch(path, cnxn, WatchMode.PERSISTENT_RECURSIVE);
        }
        return Reply.ok(Response.Empty.INSTANCE);
    }

    private static void fire(ServerContext ctx, Cnxn cnxn, int type, String path) {
        ctx.notify(cnxn, NO_ZXID, new WatcherEvent(type, WatcherEvent.STATE_SYNC_CONNECTED, path));
    }
}
