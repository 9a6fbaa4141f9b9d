package io.zabd.server.compat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The shared layout of a loopback 3-member ensemble target (zabd or ZooKeeper): free ports probed
 * once (bind 0, close), one data directory with a myid file per member, and the zoo.cfg lines both
 * systems read alike (tickTime as the standalone targets, so session timeouts negotiate the same).
 */
final class EnsembleLayout {
    static final int MEMBERS = 3;
    static final int INIT_LIMIT_TICKS = 10;
    static final int SYNC_LIMIT_TICKS = 5;
    /** How long an ensemble may take to elect a leader and serve on every member. */
    static final long READY_DEADLINE_MS = 60_000;
    private static final long POLL_MS = 20;

    final List<Integer> clientPorts = new ArrayList<>();
    final String serverLines;

    EnsembleLayout() throws IOException {
        List<Integer> ports = freePorts(3 * MEMBERS);
        StringBuilder servers = new StringBuilder();
        for (int id = 1; id <= MEMBERS; id++) {
            servers.append("server.").append(id).append("=127.0.0.1:").append(ports.get(2 * (id - 1))).append(':')
                    .append(ports.get(2 * (id - 1) + 1)).append('\n');
            clientPorts.add(ports.get(2 * MEMBERS + id - 1));
        }
        this.serverLines = servers.toString();
    }

    /** Creates the data directory {@code data} of member {@code id} with its myid file. */
    static Path writeMyid(Path data, int id) throws IOException {
        Files.createDirectories(data);
        Files.writeString(data.resolve("myid"), Integer.toString(id));
        return data;
    }

    /** The quorum part of every member's zoo.cfg. */
    String quorumLines() {
        return "initLimit=" + INIT_LIMIT_TICKS + "\nsyncLimit=" + SYNC_LIMIT_TICKS + "\n" + serverLines;
    }

    InetSocketAddress clientAddress(int id) {
        return new InetSocketAddress("127.0.0.1", clientPorts.get(id - 1));
    }

    /** Every member's client listener, member 1 first. */
    java.util.List<InetSocketAddress> clientAddresses() {
        return clientPorts.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
    }

    /** Every member's client address: the official client picks among them at random. */
    String connectString() {
        return clientPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + READY_DEADLINE_MS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + READY_DEADLINE_MS + " ms waiting for " + what);
            }
            Thread.sleep(POLL_MS);
        }
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return ports;
    }
}
