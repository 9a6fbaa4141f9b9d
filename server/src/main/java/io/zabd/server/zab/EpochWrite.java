package io.zabd.server.zab;

/**
 * A request to persist one of the two epoch files (ZooKeeper's {@code acceptedEpoch} and
 * {@code currentEpoch}). The caller writes it durably and then reports {@link ZabPeer#onPersisted};
 * the core withholds every message that depends on the value until that report.
 */
public record EpochWrite(Kind kind, long epoch) {
    public enum Kind {
        ACCEPTED,
        CURRENT
    }
}
