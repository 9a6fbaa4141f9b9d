package io.zabd.bench.load;

import java.nio.file.Path;
import java.util.List;

/**
 * A server, or an ensemble of servers, the load driver starts, loads and stops. Every server runs as a
 * child process on 127.0.0.1 so its CPU time can be read from /proc.
 */
public interface SystemUnderTest extends AutoCloseable {

    /** {@code zookeeper} or {@code zabd}. */
    String name();

    Topology topology();

    /** Starts every member and returns once each one serves clients; on failure everything started is stopped. */
    void start() throws SystemStartException;

    /** {@code 127.0.0.1:port,...}, one entry per member; valid after {@link #start()}. */
    String connectString();

    /** The process ids whose CPU time is the system's cost; valid after {@link #start()}. */
    List<Long> pids();

    /** Each member's log file (member 1 first); empty when the logs are not known. Valid after {@link #start()}. */
    default List<Path> serverLogs() {
        return List.of();
    }

    /** Stops every member (and waits for them to exit); safe to call twice or after a failed start. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
