package io.zabd.server.zab;

/**
 * A request to persist one of the two epoch files (ZooKeeper's {@code acceptedEpoch} and
 * {@code currentEpoch}), with the id of the leader the epoch was accepted from. The caller writes it
 * durably and then reports {@link ZabPeer#onPersisted}; the core withholds every message that
 * depends on the value until that report.
 *
 * <p>The leader id binds an accepted epoch to one leader: a peer never acknowledges the same epoch
 * number from two leaders, so two leaders that happened to pick the same number cannot both gather
 * a quorum of ACKEPOCHs (see {@code src/docs/zab.md}). ZooKeeper's files hold only the number; a
 * recovered file without the id is reported as leader -1, which matches no leader.
 */
public record EpochWrite(Kind kind, long epoch, long leaderId) {
    public enum Kind {
        ACCEPTED,
        CURRENT
    }
}
