package io.zabd.server.zab;

import io.zabd.server.zab.ZabMessage.Body;
import io.zabd.server.zab.ZabMessage.QuorumPacket;

/**
 * One side of a learner link: numbers outgoing packets and accepts only the next incoming number.
 * See {@link ZabMessage} for why.
 */
final class LearnerLink {
    enum Receive {
        /** The expected packet: handle it. */
        NEXT,
        /** Already seen (a duplicate) or for another link: drop it. */
        IGNORE,
        /** A packet is missing: the link is broken. */
        GAP
    }

    final long peerId;
    final long connId;
    private long sendSeq;
    private long recvSeq;

    LearnerLink(long peerId, long connId, long firstRecvSeq) {
        this.peerId = peerId;
        this.connId = connId;
        this.recvSeq = firstRecvSeq;
    }

    void send(PeerContext ctx, Body body) {
        ctx.send(peerId, new QuorumPacket(connId, sendSeq++, body));
    }

    Receive receive(long from, QuorumPacket p) {
        if (from != peerId || p.connId() != connId || p.seq() < recvSeq) {
            return Receive.IGNORE;
        }
        if (p.seq() > recvSeq) {
            return Receive.GAP;
        }
        recvSeq++;
        return Receive.NEXT;
    }
}
