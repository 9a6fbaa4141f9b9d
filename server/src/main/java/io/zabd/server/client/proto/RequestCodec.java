package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.txn.OpCode;

/**
 * Decodes a request body by the op code of its {@link RequestHeader}. Only op codes a client may send
 * are accepted: the server-internal ones (createSession -10 after the handshake, deleteContainer 20,
 * error -1, notification 0) and unknown codes raise {@link JuteException}, as does any malformed or
 * trailing input.
 */
public final class RequestCodec {
    private RequestCodec() {}

    /** Whether a client may send this op code after the handshake. */
    public static boolean isClientOp(int type) {
        return switch (type) {
            case OpCode.CREATE, OpCode.DELETE, OpCode.EXISTS, OpCode.GET_DATA, OpCode.SET_DATA, OpCode.GET_ACL,
                    OpCode.SET_ACL, OpCode.GET_CHILDREN, OpCode.SYNC, OpCode.PING, OpCode.GET_CHILDREN2,
                    OpCode.CHECK, OpCode.MULTI, OpCode.CREATE2, OpCode.RECONFIG, OpCode.CHECK_WATCHES,
                    OpCode.REMOVE_WATCHES, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.MULTI_READ,
                    OpCode.AUTH, OpCode.SET_WATCHES, OpCode.SASL, OpCode.GET_EPHEMERALS,
                    OpCode.GET_ALL_CHILDREN_NUMBER, OpCode.SET_WATCHES2, OpCode.ADD_WATCH, OpCode.WHO_AM_I,
                    OpCode.CLOSE_SESSION -> true;
            default -> false;
        };
    }

    /** Decodes the whole remaining input of {@code r} as the body of a request of {@code type}. */
    public static Request decode(int type, JuteReader r) {
        if (!isClientOp(type)) {
            throw new JuteException("op code " + type + " (" + OpCode.name(type) + ") is not accepted from clients");
        }
        Request body = decodeBody(type, r);
        r.expectEnd("request " + OpCode.name(type));
        return body;
    }

    static Request decodeBody(int type, JuteReader r) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> Request.Create.decode(r);
            case OpCode.CREATE_TTL -> Request.CreateTtl.decode(r);
            case OpCode.DELETE -> Request.Delete.decode(r);
            case OpCode.EXISTS, OpCode.GET_DATA, OpCode.GET_CHILDREN, OpCode.GET_CHILDREN2 -> Request.PathWatch.decode(r);
            case OpCode.SET_DATA -> Request.SetData.decode(r);
            case OpCode.GET_ACL, OpCode.SYNC, OpCode.GET_ALL_CHILDREN_NUMBER, OpCode.GET_EPHEMERALS ->
                    Request.PathOnly.decode(r);
            case OpCode.SET_ACL -> Request.SetAcl.decode(r);
            case OpCode.CHECK -> Request.CheckVersion.decode(r);
            case OpCode.SET_WATCHES -> Request.SetWatches.decode(r, false);
            case OpCode.SET_WATCHES2 -> Request.SetWatches.decode(r, true);
            case OpCode.ADD_WATCH -> Request.AddWatch.decode(r);
            case OpCode.CHECK_WATCHES, OpCode.REMOVE_WATCHES -> Request.WatchType.decode(r);
            case OpCode.AUTH -> Request.Auth.decode(r);
            case OpCode.SASL -> Request.Sasl.decode(r);
            case OpCode.RECONFIG -> Request.Reconfig.decode(r);
            case OpCode.MULTI, OpCode.MULTI_READ -> MultiCodec.decodeOps(r);
            case OpCode.PING, OpCode.CLOSE_SESSION, OpCode.WHO_AM_I -> Request.Empty.INSTANCE;
            default -> throw new JuteException("no request layout for op code " + type + " (" + OpCode.name(type) + ")");
        };
    }
}
