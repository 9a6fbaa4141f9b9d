package io.zabd.server.config;

import java.net.InetSocketAddress;

/**
 * One {@code server.N} entry: {@code host:quorumPort:electionPort[:participant|observer][;[clientAddr:]clientPort]}.
 * Addresses are kept unresolved; the quorum transport resolves them when it connects.
 *
 * @param clientAddress the client listener given after ';', or null when absent
 */
public record QuorumServer(long id, InetSocketAddress quorumAddress, InetSocketAddress electionAddress,
        boolean observer, InetSocketAddress clientAddress) {
}
