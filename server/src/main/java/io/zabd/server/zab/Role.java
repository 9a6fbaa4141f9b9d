package io.zabd.server.zab;

/** What a peer does in one state: election, leading, or learning (following / observing). */
interface Role {
    ZabPhase phase();

    /** Leader id once known, else -1. */
    long leaderId();

    /** The epoch being established or established, else -1. */
    long epoch();

    boolean established();

    void onMessage(long from, ZabMessage message);

    void onTick();

    /** The log writer made more operations durable (already recorded in the context). */
    void onDurable();

    /** An epoch write is durable (already recorded in the context). */
    void onPersisted();

    SubmitResult submit(byte[] txn);

    /** Leader: sends a {@link ZabMessage.Sync} to a learner in broadcast; false if there is none. */
    default boolean sendSync(long learnerId, byte[] payload) {
        return false;
    }

    /** Leader: syncs waiting for the COMMIT of an earlier proposal. */
    default int pendingSyncs() {
        return 0;
    }
}
