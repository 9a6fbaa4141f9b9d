package io.zabd.server.client.handler;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.server.client.Reply;
import io.zabd.server.client.Stats;
import io.zabd.server.client.WriteHandler;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;

/** setData (5): SetDataResponse{stat}. */
public final class SetDataHandler implements WriteHandler {
    @Override
    public WriteRequest toWriteRequest(Request body) {
        Request.SetData s = (Request.SetData) body;
        return new WriteRequest.SetData(s.path(), s.data(), s.version());
    }

    @Override
    public Reply reply(ApplyResult r) {
        return r.err() != KeeperCode.OK ? Reply.error(r.err()) : Reply.ok(new Response.StatOnly(Stats.toWire(r.stat())));
    }
}
