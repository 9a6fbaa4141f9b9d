package io.zabd.server.zab;

/** The leader's view of one learner (ZooKeeper's LearnerHandler, without the thread). */
final class LearnerHandler {
    enum Phase {
        /** FOLLOWERINFO received; LEADERINFO waits for the epoch to be decided and persisted. */
        AWAIT_EPOCH,
        /** LEADERINFO sent; waiting for ACKEPOCH. */
        AWAIT_ACKEPOCH,
        /** ACKEPOCH received; the sync waits for a quorum of ACKEPOCHs. */
        AWAIT_SYNC,
        /** Sync stream sent (NEWLEADER too, once currentEpoch is persisted); waiting for the NEWLEADER ACK. */
        SYNCED,
        /** NEWLEADER acknowledged; UPTODATE waits for the epoch to be established. */
        NEWLEADER_ACKED,
        /** UPTODATE sent: in broadcast. */
        BROADCAST
    }

    final LearnerLink link;
    final boolean observer;
    Phase phase = Phase.AWAIT_EPOCH;
    long learnerLastZxid;
    /** Last zxid of the sync stream (NEWLEADER's lastZxid); -1 before the sync. */
    long syncLast = -1;
    boolean newLeaderSent;
    /** The learner's log is durable up to this (from ACKs after NEWLEADER). */
    long ackedZxid = -1;
    long lastHeardTick;

    LearnerHandler(LearnerLink link, boolean observer, long learnerLastZxid, long nowTick) {
        this.link = link;
        this.observer = observer;
        this.learnerLastZxid = learnerLastZxid;
        this.lastHeardTick = nowTick;
    }

    long sid() {
        return link.peerId;
    }

    boolean synced() {
        return phase.ordinal() >= Phase.SYNCED.ordinal();
    }

    boolean newLeaderAcked() {
        return phase.ordinal() >= Phase.NEWLEADER_ACKED.ordinal();
    }
}
