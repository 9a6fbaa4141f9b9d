package io.zabd.server.quorum;

import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Txn;
import io.zabd.server.pipeline.Replication;
import io.zabd.server.zab.ServerState;
import io.zabd.server.zab.SubmitResult;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link Replication} over a {@link QuorumPeerRuntime}, for the state machine that runs as the
 * runtime's co-agent (runtime thread only). The runtime is attached once started; until then the
 * peer is not serving.
 */
public final class RuntimeReplication implements Replication {
    private volatile QuorumPeerRuntime runtime;

    public void attach(QuorumPeerRuntime rt) {
        this.runtime = rt;
    }

    @Override
    public DataTree tree() {
        return runtime.tree();
    }

    @Override
    public boolean serving() {
        QuorumPeerRuntime rt = runtime;
        return rt != null && rt.peerEstablished() && rt.peerState() != ServerState.LOOKING;
    }

    @Override
    public boolean leading() {
        QuorumPeerRuntime rt = runtime;
        return rt != null && rt.peerEstablished() && rt.peerState() == ServerState.LEADING;
    }

    @Override
    public long epoch() {
        QuorumPeerRuntime rt = runtime;
        return rt == null ? -1 : rt.peerEpoch();
    }

    @Override
    public long nextZxid() {
        return runtime.nextProposalZxid();
    }

    @Override
    public int proposalsInFlightMax() {
        return runtime.proposalsInFlightMax();
    }

    @Override
    public SubmitResult propose(Txn txn, byte[] encoded) {
        try {
            return runtime.proposeNow(txn, encoded);
        } catch (IOException e) {
            throw new UncheckedIOException("proposing failed", e);
        }
    }

    @Override
    public boolean syncReply(long learnerId, byte[] payload) {
        try {
            return runtime.syncReplyNow(learnerId, payload);
        } catch (IOException e) {
            throw new UncheckedIOException("answering a sync failed", e);
        }
    }

    @Override
    public int pendingSyncs() {
        return runtime.pendingSyncsNow();
    }

    @Override
    public SubmitResult forward(byte[] request) {
        try {
            return runtime.forwardNow(request);
        } catch (IOException e) {
            throw new UncheckedIOException("forwarding failed", e);
        }
    }
}
