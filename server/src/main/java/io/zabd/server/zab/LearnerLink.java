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

    private QuorumPacket first;

    void send(PeerContext ctx, Body body) {
        QuorumPacket p = new QuorumPacket(connId, sendSeq++, body);
        if (first == null) {
            first = p;
        }
        ctx.send(peerId, p);
    }

    /** Sends the first packet again, unchanged (the receiver drops it if it already has it). */
    void resendFirst(PeerContext ctx) {
        ctx.send(peerId, first);
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
