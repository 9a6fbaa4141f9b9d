package io.zabd.server.zab;

/** ZooKeeper's peer states (QuorumPeer.ServerState). */
public enum ServerState {
    LOOKING,
    FOLLOWING,
    LEADING,
    OBSERVING
}
