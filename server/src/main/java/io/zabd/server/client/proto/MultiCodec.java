package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.txn.OpCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of multi (14) and multiRead (22), requests and responses alike: each element is a
 * {@link MultiHeader} followed by that element's record, and {@link MultiHeader#END} closes the list.
 *
 * <pre>
 * request op      type                                 record
 *                 create, create2, createContainer     CreateRequest
 *                 createTTL                            CreateTTLRequest
 *                 delete                               DeleteRequest
 *                 setData                              SetDataRequest
 *                 check                                CheckVersionRequest
 *                 getChildren, getData (multiRead)     GetChildrenRequest, GetDataRequest
 * response        create                               CreateResponse{path}
 *                 create2                              Create2Response{path; Stat}
 *                 delete, check                        nothing
 *                 setData                              SetDataResponse{Stat}
 *                 getChildren                          GetChildrenResponse{vector&lt;ustring&gt;}
 *                 getData                              GetDataResponse{buffer; Stat}
 *                 error (-1, header err = code)        ErrorResponse{int err}
 * </pre>
 *
 * Write ops and read ops may not be mixed in one request (as ZooKeeper's MultiOperationRecord).
 */
public final class MultiCodec {
    private MultiCodec() {}

    static void encodeOps(List<Request.Op> ops, JuteWriter w) {
        for (Request.Op op : ops) {
            new MultiHeader(op.type(), false, -1).encode(w);
            op.request().encode(w);
        }
        MultiHeader.END.encode(w);
    }

    static Request.Multi decodeOps(JuteReader r) {
        List<Request.Op> ops = new ArrayList<>();
        Boolean readKind = null;
        MultiHeader h = MultiHeader.decode(r);
        while (!h.done()) {
            boolean isRead = h.type() == OpCode.GET_CHILDREN || h.type() == OpCode.GET_DATA;
            if (readKind != null && readKind != isRead) {
                throw new JuteException("multi mixes read and write operations");
            }
            readKind = isRead;
            ops.add(new Request.Op(h.type(), decodeOp(h.type(), r)));
            h = MultiHeader.decode(r);
        }
        return new Request.Multi(List.copyOf(ops));
    }

    private static Request decodeOp(int type, JuteReader r) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.DELETE,
                    OpCode.SET_DATA, OpCode.CHECK, OpCode.GET_CHILDREN, OpCode.GET_DATA ->
                    RequestCodec.decodeBody(type, r);
            default -> throw new JuteException("op code " + type + " (" + OpCode.name(type) + ") is not allowed in a multi");
        };
    }

    static void encodeResults(List<OpResult> results, JuteWriter w) {
        for (OpResult result : results) {
            int err = result instanceof OpResult.Error e ? e.err() : 0;
            new MultiHeader(result.type(), false, err).encode(w);
            result.encode(w);
        }
        MultiHeader.END.encode(w);
    }

    static Response.Multi decodeResults(JuteReader r) {
        List<OpResult> results = new ArrayList<>();
        MultiHeader h = MultiHeader.decode(r);
        while (!h.done()) {
            results.add(decodeResult(h.type(), r));
            h = MultiHeader.decode(r);
        }
        return new Response.Multi(List.copyOf(results));
    }

    private static OpResult decodeResult(int type, JuteReader r) {
        return switch (type) {
            case OpCode.CREATE -> new OpResult.Create(r.readString("CreateResponse.path"), null);
            case OpCode.CREATE2 -> new OpResult.Create(r.readString("Create2Response.path"), Stat.decode(r));
            case OpCode.DELETE -> OpResult.Delete.INSTANCE;
            case OpCode.CHECK -> OpResult.Check.INSTANCE;
            case OpCode.SET_DATA -> new OpResult.SetData(Stat.decode(r));
            case OpCode.GET_CHILDREN -> new OpResult.GetChildren(Vectors.readStrings(r, "GetChildrenResponse.children"));
            case OpCode.GET_DATA -> new OpResult.GetData(r.readBuffer("GetDataResponse.data"), Stat.decode(r));
            case OpCode.ERROR -> new OpResult.Error(r.readInt("ErrorResponse.err"));
            default -> throw new JuteException("invalid result type " + type + " in a multi response");
        };
    }
}
