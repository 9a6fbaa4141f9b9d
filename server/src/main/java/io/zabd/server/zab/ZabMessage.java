package io.zabd.server.zab;

import java.util.Objects;

/**
 * Everything peers send each other. Election traffic is {@link Notification}; everything between a
 * learner (follower or observer) and its leader is a {@link QuorumPacket} on one learner link.
 *
 * <p>A learner link is identified by {@code connId}, chosen by the learner when it starts following
 * (unique per learner incarnation and attempt, increasing). Each direction numbers its packets from
 * 0 in {@code seq}. A receiver takes exactly the next number: a smaller one is a duplicate and is
 * dropped, a larger one means a packet was lost and the link is broken (as a TCP connection would
 * be). Over TCP the numbers are redundant checks; over the simulated network they make loss,
 * duplication and reordering safe.
 */
public sealed interface ZabMessage permits ZabMessage.Notification, ZabMessage.QuorumPacket {

    /**
     * Fast leader election notification: the sender's current vote (proposed leader, its zxid and
     * peerEpoch), the sender's logical clock (electionEpoch) and its state. Observers, which never
     * vote, send {@code leader = -1}.
     */
    record Notification(long leader, long zxid, long electionEpoch, long peerEpoch, ServerState state)
            implements ZabMessage {
        public Notification {
            Objects.requireNonNull(state, "state");
        }

        Vote vote() {
            return new Vote(leader, zxid, electionEpoch, peerEpoch);
        }
    }

    /** One packet of a learner link (see the interface comment for connId and seq). */
    record QuorumPacket(long connId, long seq, Body body) implements ZabMessage {
        public QuorumPacket {
            Objects.requireNonNull(body, "body");
        }
    }

    /** The payload of a {@link QuorumPacket}; names are ZooKeeper's packet types. */
    sealed interface Body
            permits FollowerInfo, ObserverInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap, Proposal, Commit,
                    NewLeader, Ack, UpToDate, Ping, Inform, Request, Sync {}

    /**
     * Learner to leader, first packet: the follower's acceptedEpoch, the leader it accepted it from,
     * and its last logged zxid.
     */
    record FollowerInfo(long acceptedEpoch, long acceptedEpochLeader, long lastZxid) implements Body {}

    /** As {@link FollowerInfo}, from an observer (never counted in any quorum). */
    record ObserverInfo(long acceptedEpoch, long acceptedEpochLeader, long lastZxid) implements Body {}

    /** Leader to learner (LEADERINFO / NEWEPOCH): the epoch the leader proposes. */
    record LeaderInfo(long newEpoch) implements Body {}

    /** Learner to leader, after persisting acceptedEpoch: its currentEpoch and last logged zxid. */
    record AckEpoch(long currentEpoch, long lastZxid) implements Body {}

    /** Sync header: the learner's log is a prefix of the leader's; the missing proposals follow. */
    record Diff(long committedZxid) implements Body {}

    /** Sync header: truncate the log to {@code truncZxid}, then the missing proposals follow. */
    record Trunc(long truncZxid, long committedZxid) implements Body {}

    /** Sync header: install the leader's state at {@code snapshotZxid}, then the proposals after it. */
    record Snap(long snapshotZxid, long committedZxid) implements Body {}

    /** A transaction of the leader's history, in sync or broadcast. */
    record Proposal(long zxid, byte[] txn) implements Body {
        public Proposal {
            Objects.requireNonNull(txn, "txn");
        }
    }

    /** Everything up to and including {@code zxid} is committed. */
    record Commit(long zxid) implements Body {}

    /** End of the sync stream: the learner's log must now end at {@code lastZxid}, epoch {@code epoch}. */
    record NewLeader(long epoch, long lastZxid) implements Body {}

    /**
     * Learner to leader: its log is durable up to {@code zxid}. The first ACK after NEWLEADER (with
     * zxid = NEWLEADER's lastZxid) acknowledges NEWLEADER: log durable and currentEpoch persisted.
     */
    record Ack(long zxid) implements Body {}

    /** Leader to learner: the epoch is established; everything up to {@code committedZxid} is committed. */
    record UpToDate(long committedZxid) implements Body {}

    /** Liveness, both directions. */
    record Ping() implements Body {}

    /** Leader to observer: a committed transaction (proposal and commit in one). */
    record Inform(long zxid, byte[] txn) implements Body {
        public Inform {
            Objects.requireNonNull(txn, "txn");
        }
    }

    /**
     * Leader to learner (ZooKeeper's SYNC): the answer to a client's sync the learner forwarded,
     * sent once every proposal made before the sync reached the leader is committed, so it follows
     * their COMMITs (or INFORMs) on the link. The payload is opaque to the core (the client pipeline's).
     */
    record Sync(byte[] payload) implements Body {
        public Sync {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** Learner to leader: a client write forwarded for proposal. */
    record Request(byte[] txn) implements Body {
        public Request {
            Objects.requireNonNull(txn, "txn");
        }
    }
}
