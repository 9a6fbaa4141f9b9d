package io.zabd.server.zab;

/** ZAB's phases (ZooKeeper's ZabState): where a peer is within its current role. */
public enum ZabPhase {
    ELECTION,
    DISCOVERY,
    SYNCHRONIZATION,
    BROADCAST
}
