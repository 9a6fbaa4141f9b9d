package io.zabd.server.client.handler;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.server.client.Reply;
import io.zabd.server.client.WriteHandler;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;

/**
 * check (13) outside a multi: a txn like in ZooKeeper; the reply carries only the header's err
 * (ZooKeeper would serialize a null stat here; no official client sends a standalone check).
 */
public final class CheckHandler implements WriteHandler {
    @Override
    public WriteRequest toWriteRequest(Request body) {
        Request.CheckVersion c = (Request.CheckVersion) body;
        return new WriteRequest.Check(c.path(), c.version());
    }

    @Override
    public Reply reply(ApplyResult r) {
        return new Reply(r.err(), Response.Empty.INSTANCE);
    }
}
