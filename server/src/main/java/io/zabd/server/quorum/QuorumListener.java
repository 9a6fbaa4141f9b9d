package io.zabd.server.quorum;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.txn.Txn;

/**
 * What a {@link QuorumPeerRuntime} tells the server above it, always on the runtime thread (keep
 * it short; hand work to other threads).
 */
public interface QuorumListener {
    /**
     * A committed transaction was applied to the tree, in zxid order, on every member. The request
     * path matches its own pending writes by {@code txn.header().sessionId()} and {@code cxid()}
     * (a follower learns that the write it forwarded committed here) and replies with {@code result}.
     */
    void onCommitted(Txn txn, ApplyResult result);

    /**
     * Leader only: a learner forwarded a client request (REQUEST packet). Return true when the
     * listener took it (it prepares and proposes it itself); false lets the core propose the bytes
     * as a transaction.
     */
    default boolean onForwarded(long from, byte[] request) {
        return false;
    }

    /**
     * Learner only: the leader answered a forwarded sync (SYNC packet) with {@code payload}; every
     * commit the leader sent before it has been applied here (and reported by {@link #onCommitted}).
     */
    default void onSyncReply(byte[] payload) {}

    /** Just before a committed transaction is applied (the tree still shows the state before it). */
    default void beforeCommitted(Txn txn) {}

    /** The peer changed state, leader or establishment (e.g. close client sessions when leaving broadcast). */
    default void onStatusChange(RuntimeStatus status) {}

    /** Storage failed: the runtime stopped and the process should exit (the log is in an unknown state). */
    default void onFatal(Throwable cause) {}
}
