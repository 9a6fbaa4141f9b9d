package io.zabd.server.zab.sim;

import io.zabd.server.zab.ZabConfig;
import io.zabd.server.zab.ZabPeer;

/** One simulated server: its disk survives crashes, everything else is rebuilt on restart. */
final class SimNode {
    final long id;
    final ZabConfig config;
    final SimDisk disk = new SimDisk();
    boolean up = true;
    long incarnation;
    ZabPeer peer;
    SmState applied = SmState.EMPTY;
    /** The state streamed after the last SNAP packet received, installed by the InstallSnapshot op. */
    SmState incomingSnapshot;
    boolean fsyncInFlight;
    boolean epochWriteInFlight;
    boolean established;
    /** This peer's tick period: clocks drift (9 to 11 ms for a nominal 10 ms). */
    int tickMs = 10;

    SimNode(long id, ZabConfig config) {
        this.id = id;
        this.config = config;
    }

    /** Start (or restart) the peer from what is durable. */
    void start() {
        applied = disk.baseState();
        incomingSnapshot = null;
        fsyncInFlight = false;
        epochWriteInFlight = false;
        established = false;
        peer = new ZabPeer(config, incarnation, disk, disk.durableAccepted(), disk.durableAcceptedLeader(), disk.durableCurrent(), applied.zxid());
    }
}
