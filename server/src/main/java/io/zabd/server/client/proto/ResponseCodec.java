package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.TxnCodec;

/**
 * Decodes a reply body given the op code of the request it answers (what a client does; used by
 * tests, the load driver and tools). A reply whose header carries a non-zero err has no body except
 * for multi, multiRead, addWatch and removeWatches / checkWatches, which may carry one.
 */
public final class ResponseCodec {
    private ResponseCodec() {}

    /** Decodes the whole remaining input as the body answering a request of {@code type}. */
    public static Response decode(int type, JuteReader r) {
        if (!r.hasRemaining() && type != OpCode.MULTI && type != OpCode.MULTI_READ) {
            return Response.Empty.INSTANCE;
        }
        Response body = decodeBody(type, r);
        r.expectEnd("response " + OpCode.name(type));
        return body;
    }

    private static Response decodeBody(int type, JuteReader r) {
        return switch (type) {
            case OpCode.CREATE -> new Response.Path(r.readString("CreateResponse.path"));
            case OpCode.SYNC -> new Response.Path(r.readString("SyncResponse.path"));
            case OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL ->
                    new Response.Create2(r.readString("Create2Response.path"), Stat.decode(r));
            case OpCode.EXISTS, OpCode.SET_DATA, OpCode.SET_ACL -> new Response.StatOnly(Stat.decode(r));
            case OpCode.GET_DATA, OpCode.RECONFIG -> new Response.GetData(r.readBuffer("GetDataResponse.data"), Stat.decode(r));
            case OpCode.GET_ACL -> new Response.GetAcl(TxnCodec.readAcls(r), Stat.decode(r));
            case OpCode.GET_CHILDREN -> new Response.Children(Vectors.readStrings(r, "GetChildrenResponse.children"));
            case OpCode.GET_EPHEMERALS -> new Response.Children(Vectors.readStrings(r, "GetEphemeralsResponse.ephemerals"));
            case OpCode.GET_CHILDREN2 -> new Response.Children2(
                    Vectors.readStrings(r, "GetChildren2Response.children"), Stat.decode(r));
            case OpCode.GET_ALL_CHILDREN_NUMBER -> new Response.Count(r.readInt("GetAllChildrenNumberResponse.totalNumber"));
            case OpCode.ADD_WATCH, OpCode.REMOVE_WATCHES, OpCode.CHECK_WATCHES ->
                    new Response.Error(r.readInt("ErrorResponse.err"));
            case OpCode.WHO_AM_I -> Response.WhoAmI.decode(r);
            case OpCode.SASL -> new Response.Sasl(r.readBuffer("SetSASLResponse.token"));
            case OpCode.MULTI, OpCode.MULTI_READ -> MultiCodec.decodeResults(r);
            default -> throw new JuteException("no response body expected for op code " + type + " (" + OpCode.name(type) + ")");
        };
    }
}
