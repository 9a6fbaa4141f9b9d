package io.zabd.server.pipeline;

import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.net.ClientConnection;

/** What the Netty I/O threads hand to the state-machine agent, in arrival order per connection. */
sealed interface Inbound {
    record Connect(ClientConnection connection, ConnectRequest request) implements Inbound {}

    /** A request, with the time the I/O thread handed it over (for latency figures). */
    record Req(ClientConnection connection, RequestHeader header, Request body, long receivedNs) implements Inbound {}

    record Disconnect(ClientConnection connection) implements Inbound {}

    /** Work for the agent thread from elsewhere (admin commands reading the tree, sessions, watches). */
    record Task(Runnable task) implements Inbound {}
}
