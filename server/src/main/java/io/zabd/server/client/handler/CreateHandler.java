package io.zabd.server.client.handler;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.engine.txn.OpCode;
import io.zabd.server.client.Reply;
import io.zabd.server.client.Stats;
import io.zabd.server.client.WriteHandler;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.Response;

/**
 * create (1) answers CreateResponse{path}; create2 (15), createContainer (19) and createTTL (21)
 * answer Create2Response{path, stat}. The op code picks the reply, so one instance per op.
 */
public final class CreateHandler implements WriteHandler {
    private final int opCode;

    public CreateHandler(int opCode) {
        this.opCode = opCode;
    }

    @Override
    public WriteRequest toWriteRequest(Request body) {
        return toWrite(opCode, body);
    }

    static WriteRequest toWrite(int opCode, Request body) {
        if (body instanceof Request.CreateTtl t) {
            return new WriteRequest.Create(opCode, t.path(), t.data(), t.acl(), t.flags(), t.ttlMs());
        }
        Request.Create c = (Request.Create) body;
        return new WriteRequest.Create(opCode, c.path(), c.data(), c.acl(), c.flags(), -1);
    }

    @Override
    public Reply reply(ApplyResult r) {
        if (r.err() != KeeperCode.OK) {
            return Reply.error(r.err());
        }
        return opCode == OpCode.CREATE ? Reply.ok(new Response.Path(r.path()))
                : Reply.ok(new Response.Create2(r.path(), Stats.toWire(r.stat())));
    }
}
