package io.zabd.server.net;

import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;

/**
 * Where the transport hands decoded client traffic: implemented by the server core. Every method is
 * called on a Netty I/O thread, in the order the bytes arrived on that connection. Implementations
 * must only hand the work on (to a bounded queue owned by the pipeline) and return: no blocking,
 * no tree or consensus state on these threads. Answers go back through the {@link ClientConnection}.
 */
public interface RequestSink {
    /** The first frame of a connection: a session create or a reconnect. */
    void onConnect(ClientConnection connection, ConnectRequest request);

    /** A later frame, its body decoded by op code. */
    void onRequest(ClientConnection connection, RequestHeader header, Request body);

    /**
     * The end of one read from the socket: every request of the batch has been handed over, so a
     * batching sink may publish them now.
     */
    default void onReadComplete(ClientConnection connection) {}

    /** The connection closed (either side); called once, only after {@link #onConnect}. */
    void onDisconnect(ClientConnection connection);
}
