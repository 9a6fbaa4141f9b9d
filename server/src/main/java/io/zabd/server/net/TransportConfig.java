package io.zabd.server.net;

import io.zabd.server.config.FourLetterWhitelist;
import io.zabd.server.config.ServerConfig;
import java.net.InetSocketAddress;

/**
 * The limits and addresses of the client transport, validated on construction.
 *
 * @param bindAddress        clientPortAddress:clientPort (port 0 binds a free port)
 * @param maxClientCnxns     connections per client IP, 0 = unlimited
 * @param maxCnxns           connections in total, 0 = unlimited
 * @param maxFrameBytes      jute.maxbuffer: the largest frame length accepted
 * @param whitelist          the four-letter words answered
 * @param ioThreads          Netty event-loop threads
 */
public record TransportConfig(InetSocketAddress bindAddress, int maxClientCnxns, int maxCnxns, int maxFrameBytes,
        FourLetterWhitelist whitelist, int ioThreads) {
    /** Event-loop threads when the configuration does not say: the machine is small and shared. */
    public static final int DEFAULT_IO_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    public TransportConfig {
        if (maxClientCnxns < 0 || maxCnxns < 0) {
            throw new IllegalArgumentException("connection limits must be >= 0: maxClientCnxns=" + maxClientCnxns
                    + " maxCnxns=" + maxCnxns);
        }
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        if (ioThreads <= 0) {
            throw new IllegalArgumentException("ioThreads must be positive: " + ioThreads);
        }
    }

    public static TransportConfig from(ServerConfig config) {
        return new TransportConfig(config.clientAddress(), config.maxClientCnxns(), config.maxCnxns(),
                config.juteMaxBufferBytes(), config.fourLetterWhitelist(), DEFAULT_IO_THREADS);
    }
}
