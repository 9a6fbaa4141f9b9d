package io.zabd.server.pipeline;

import io.zabd.engine.txn.Txn;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.WriteHandler;

/**
 * A prepared transaction waiting to become durable, then applied, then answered.
 *
 * @param txn     the transaction (its zxid assigned by prep order)
 * @param kind    what completing it means
 * @param cnxn    the connection to answer (null for server-internal txns and expiry)
 * @param xid     the request's xid (its reply header's)
 * @param handler the write handler building the reply (client writes only)
 * @param op      the request's op code (the txn's type is error when prep failed it)
 * @param receivedNs when the request was handed over by the I/O thread (0 for server-made txns)
 */
record InFlight(Txn txn, Kind kind, Cnxn cnxn, int xid, WriteHandler handler, int op, long receivedNs) {
    enum Kind {
        /** A client write: reply through its handler. */
        CLIENT_WRITE,
        /** A new session: send the ConnectResponse. */
        CREATE_SESSION,
        /** The client closed its session: reply, then close the connection. */
        CLOSE_SESSION,
        /** The session expired: close its connection if any. */
        EXPIRE_SESSION,
        /** Container / TTL cleanup issued by the server itself. */
        CLEANUP,
        /** Ensemble leader: prepared for a learner's client; the learner answers it. */
        FORWARDED
    }

    long zxid() {
        return txn.header().zxid();
    }
}
