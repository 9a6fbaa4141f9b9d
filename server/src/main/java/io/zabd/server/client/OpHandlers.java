package io.zabd.server.client;

import io.zabd.engine.txn.OpCode;
import io.zabd.server.client.handler.AddWatchHandler;
import io.zabd.server.client.handler.CheckWatchesHandler;
import io.zabd.server.client.handler.CreateHandler;
import io.zabd.server.client.handler.DeleteHandler;
import io.zabd.server.client.handler.ExistsHandler;
import io.zabd.server.client.handler.GetAclHandler;
import io.zabd.server.client.handler.GetAllChildrenNumberHandler;
import io.zabd.server.client.handler.GetChildrenHandler;
import io.zabd.server.client.handler.GetDataHandler;
import io.zabd.server.client.handler.GetEphemeralsHandler;
import io.zabd.server.client.handler.MultiHandler;
import io.zabd.server.client.handler.MultiReadHandler;
import io.zabd.server.client.handler.PingHandler;
import io.zabd.server.client.handler.ReconfigHandler;
import io.zabd.server.client.handler.RemoveWatchesHandler;
import io.zabd.server.client.handler.SaslHandler;
import io.zabd.server.client.handler.SetAclHandler;
import io.zabd.server.client.handler.SetDataHandler;
import io.zabd.server.client.handler.SetWatchesHandler;
import io.zabd.server.client.handler.SyncHandler;
import io.zabd.server.client.handler.WhoAmIHandler;
import java.util.Map;

/**
 * The handler of every client op code. auth (100) and closeSession (-11) touch the connection and
 * session themselves and are handled by the state-machine agent.
 */
public final class OpHandlers {
    private final Map<Integer, ReadHandler> reads;
    private final Map<Integer, WriteHandler> writes;

    private OpHandlers(Map<Integer, ReadHandler> reads, Map<Integer, WriteHandler> writes) {
        this.reads = reads;
        this.writes = writes;
    }

    public static OpHandlers standard() {
        GetChildrenHandler getChildren = new GetChildrenHandler(false);
        Map<Integer, ReadHandler> reads = Map.ofEntries(
                Map.entry(OpCode.EXISTS, new ExistsHandler()),
                Map.entry(OpCode.GET_DATA, new GetDataHandler()),
                Map.entry(OpCode.GET_CHILDREN, getChildren),
                Map.entry(OpCode.GET_CHILDREN2, new GetChildrenHandler(true)),
                Map.entry(OpCode.GET_ACL, new GetAclHandler()),
                Map.entry(OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberHandler()),
                Map.entry(OpCode.GET_EPHEMERALS, new GetEphemeralsHandler()),
                Map.entry(OpCode.SYNC, new SyncHandler()),
                Map.entry(OpCode.PING, new PingHandler()),
                Map.entry(OpCode.MULTI_READ, new MultiReadHandler()),
                Map.entry(OpCode.SET_WATCHES, new SetWatchesHandler()),
                Map.entry(OpCode.SET_WATCHES2, new SetWatchesHandler()),
                Map.entry(OpCode.ADD_WATCH, new AddWatchHandler()),
                Map.entry(OpCode.CHECK_WATCHES, new CheckWatchesHandler()),
                Map.entry(OpCode.REMOVE_WATCHES, new RemoveWatchesHandler()),
                Map.entry(OpCode.WHO_AM_I, new WhoAmIHandler()),
                Map.entry(OpCode.RECONFIG, new ReconfigHandler()),
                Map.entry(OpCode.SASL, new SaslHandler()));
        Map<Integer, WriteHandler> writes = Map.of(
                OpCode.CREATE, new CreateHandler(OpCode.CREATE),
                OpCode.CREATE2, new CreateHandler(OpCode.CREATE2),
                OpCode.CREATE_CONTAINER, new CreateHandler(OpCode.CREATE_CONTAINER),
                OpCode.CREATE_TTL, new CreateHandler(OpCode.CREATE_TTL),
                OpCode.DELETE, new DeleteHandler(),
                OpCode.SET_DATA, new SetDataHandler(),
                OpCode.SET_ACL, new SetAclHandler(),
                OpCode.MULTI, new MultiHandler());
        return new OpHandlers(reads, writes);
    }

    /** The read handler of {@code opCode}, or null. */
    public ReadHandler read(int opCode) {
        return reads.get(opCode);
    }

    /** The write handler of {@code opCode}, or null. */
    public WriteHandler write(int opCode) {
        return writes.get(opCode);
    }
}
