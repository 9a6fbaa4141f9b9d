package io.zabd.server.quorum;

import io.zabd.server.zab.ServerState;
import io.zabd.server.zab.ZabPhase;
import java.util.List;

/**
 * A consistent snapshot of a {@link QuorumPeerRuntime}, published by its thread after each batch
 * (read from any thread, e.g. for srvr/mntr).
 *
 * @param durableZxid         where the local log is forced to (group commit), at most lastLoggedZxid
 * @param syncedFollowers     leader only: learners that got UPTODATE in this epoch and were heard within syncLimit
 * @param lastSyncMode        DIFF, TRUNC or SNAP: the last synchronisation this peer took part in (either side), or null
 * @param syncsAsLeader       syncs served, by mode: [DIFF, TRUNC, SNAP]
 * @param syncsAsLearner      syncs received, by mode: [DIFF, TRUNC, SNAP]
 * @param elections           elections completed (LOOKING until established in a role)
 * @param lastElectionMs      duration of the last one, -1 before the first
 * @param electionMsHistory   the last durations (up to 128), oldest first
 * @param failure             why the runtime stopped (storage failure), or null while it runs
 */
public record RuntimeStatus(long myId, ServerState state, ZabPhase phase, long leaderId, long epoch,
                            boolean established, long acceptedEpoch, long currentEpoch, long lastLoggedZxid,
                            long durableZxid, long appliedZxid, long digest, List<Long> syncedFollowers, String lastSyncMode,
                            long[] syncsAsLeader, long[] syncsAsLearner, long elections, long lastElectionMs,
                            List<Long> electionMsHistory, long droppedMessages, long droppedLinks, String failure) {

    /** ZooKeeper's Mode line: leader, follower, observer, or "looking" while in election. */
    public String mode() {
        return switch (state) {
            case LEADING -> "leader";
            case FOLLOWING -> "follower";
            case OBSERVING -> "observer";
            case LOOKING -> "looking";
        };
    }
}
