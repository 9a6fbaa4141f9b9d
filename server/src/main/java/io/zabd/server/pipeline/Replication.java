package io.zabd.server.pipeline;

import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Txn;
import io.zabd.server.zab.SubmitResult;

/**
 * The state machine's view of the ZAB runtime in ensemble mode. Every method is called on the
 * runtime thread, which the state machine shares (it runs as the runtime's co-agent).
 */
public interface Replication {
    /** The tree the runtime applies commits to (replaced by TRUNC/SNAP while syncing). */
    DataTree tree();

    /** Established in broadcast as leader, follower or observer. */
    boolean serving();

    /** Established leader. */
    boolean leading();

    /** The current epoch (a new one means a new leadership). */
    long epoch();

    /** Leader: the zxid the next proposal gets. */
    long nextZxid();

    /** Leader: proposals the core accepts before they commit (beyond it answers BUSY). */
    int proposalsInFlightMax();

    /**
     * Leader: propose a prepared transaction; {@code encoded} is its TxnCodec encoding, which must not
     * change afterwards ({@code txn} is applied in place of decoding it again).
     */
    SubmitResult propose(Txn txn, byte[] encoded);

    /** Learner: send a {@link Forwarded} message to the leader. */
    SubmitResult forward(byte[] request);

    /**
     * Leader: answers a learner's forwarded sync with {@code payload} (a SYNC packet right after the
     * COMMIT of the last proposal made so far); false if the learner is not in broadcast with this leader.
     */
    boolean syncReply(long learnerId, byte[] payload);

    /** Leader: syncs waiting for an earlier proposal's COMMIT. */
    int pendingSyncs();
}
