package io.zabd.server.zab;

/**
 * A vote of fast leader election: proposed leader, its last zxid and peerEpoch (its currentEpoch),
 * and the electionEpoch (logical clock) of the round it was cast in.
 */
public record Vote(long leader, long zxid, long electionEpoch, long peerEpoch) {

    /**
     * ZooKeeper's total order on proposals: higher peerEpoch wins, then higher zxid, then higher
     * server id. True if {@code (leader, zxid, peerEpoch)} beats this vote's proposal.
     */
    boolean isBeatenBy(long otherLeader, long otherZxid, long otherPeerEpoch) {
        if (otherPeerEpoch != peerEpoch) {
            return otherPeerEpoch > peerEpoch;
        }
        if (otherZxid != zxid) {
            return otherZxid > zxid;
        }
        return otherLeader > leader;
    }

    boolean isBeatenBy(Vote other) {
        return isBeatenBy(other.leader, other.zxid, other.peerEpoch);
    }

    /** Same proposal in the same round (how LOOKING votes are compared). */
    boolean sameRound(Vote other) {
        return leader == other.leader && zxid == other.zxid && electionEpoch == other.electionEpoch
                && peerEpoch == other.peerEpoch;
    }

    /**
     * Same leader (how votes of peers outside the election are compared). ZooKeeper also compares
     * peerEpoch; here a follower may have joined the leader through another election round than the
     * leader's own, so its vote can carry an older peerEpoch: the leader's own LEADING notification
     * is required anyway (checkLeader), and safety never rests on the election.
     */
    boolean sameLeader(Vote other) {
        return leader == other.leader;
    }

    @Override
    public String toString() {
        return "(leader " + leader + ", zxid " + io.zabd.engine.txn.Zxid.toHex(zxid) + ", electionEpoch "
                + electionEpoch + ", peerEpoch " + peerEpoch + ")";
    }
}
