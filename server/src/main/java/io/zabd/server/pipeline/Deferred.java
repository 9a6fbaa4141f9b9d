package io.zabd.server.pipeline;

import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.client.proto.Response;

/** Entries of a connection's FIFO besides write markers (a {@code Long} zxid). */
sealed interface Deferred {
    /** A read (or other non-txn op) that must wait for the connection's earlier writes. */
    record Read(RequestHeader header, Request body, long receivedNs) implements Deferred {}

    /** A reply computed already (auth) that must keep its place in the order; optionally close after. */
    record Answer(ReplyHeader header, Response body, boolean closeAfter) implements Deferred {}
}
