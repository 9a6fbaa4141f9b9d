package io.zabd.server.compat;

import java.net.InetSocketAddress;

/**
 * A server a compatibility test runs against: Apache ZooKeeper 3.9.5 (the reference) or zabd. The
 * same test body runs against every target in {@link CompatTargets}; a behaviour both show is the
 * contract zabd keeps.
 */
public interface TargetServer extends AutoCloseable {
    /** Short name shown in test reports. */
    String name();

    /** The client listener on loopback. */
    InetSocketAddress clientAddress();

    /** host:port for {@code org.apache.zookeeper.ZooKeeper} and Curator. */
    default String connectString() {
        return clientAddress().getHostString() + ":" + clientAddress().getPort();
    }

    /** Every member's client listener (an ensemble's members; a standalone server's own). */
    default java.util.List<InetSocketAddress> memberAddresses() {
        return java.util.List.of(clientAddress());
    }

    /** Stops the server and undoes anything start() set; idempotent. */
    @Override
    void close();
}
