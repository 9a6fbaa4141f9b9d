package io.zabd.server.client;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.server.client.proto.Request;

/**
 * One client op that becomes a transaction: the request prep sees, and the reply built from the
 * applied result (only after the txn is durable and applied).
 */
public interface WriteHandler {
    WriteRequest toWriteRequest(Request body);

    Reply reply(ApplyResult result);
}
