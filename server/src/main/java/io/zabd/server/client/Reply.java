package io.zabd.server.client;

import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Response;

/** What a handler answers: the header's err and the body (sent only when err is OK). */
public record Reply(int err, Response body) {
    public static Reply ok(Response body) {
        return new Reply(KeeperCode.OK, body);
    }

    public static Reply error(int code) {
        return new Reply(code, Response.Empty.INSTANCE);
    }
}
