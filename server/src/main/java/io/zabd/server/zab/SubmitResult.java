package io.zabd.server.zab;

/**
 * Outcome of {@link ZabPeer#submit(byte[])}. {@code zxid} is set when the leader assigned one
 * ({@link Status#PROPOSED}), otherwise -1.
 */
public record SubmitResult(Status status, long zxid) {
    public enum Status {
        /** The leader proposed it with {@link #zxid()}. */
        PROPOSED,
        /** A follower or observer forwarded it to its leader. */
        FORWARDED,
        /** Not in broadcast (no established leader known): retry after the next state change. */
        NOT_READY,
        /** proposalsInFlightMax proposals await commit: back-pressure. */
        BUSY,
        /** The epoch's zxid counter is exhausted: the leader steps down, a new epoch begins. */
        ROLLOVER
    }

    static SubmitResult proposed(long zxid) {
        return new SubmitResult(Status.PROPOSED, zxid);
    }

    static SubmitResult of(Status status) {
        return new SubmitResult(status, -1);
    }

    public boolean accepted() {
        return status == Status.PROPOSED || status == Status.FORWARDED;
    }
}
