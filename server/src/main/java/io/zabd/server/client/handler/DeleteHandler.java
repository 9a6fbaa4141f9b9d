package io.zabd.server.client.handler;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.server.client.Reply;
import io.zabd.server.client.WriteHandler;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;

/** delete (2): no reply body. */
public final class DeleteHandler implements WriteHandler {
    @Override
    public WriteRequest toWriteRequest(Request body) {
        Request.Delete d = (Request.Delete) body;
        return new WriteRequest.Delete(d.path(), d.version());
    }

    @Override
    public Reply reply(ApplyResult r) {
        return new Reply(r.err(), Response.Empty.INSTANCE);
    }
}
