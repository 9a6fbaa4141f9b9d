package io.zabd.server.quorum;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: data directories, myid files and zoo.cfg files of a loopback ensemble on free ports. */
final class EnsembleDirs {
    final Path root;
    final int size;
    final List<Path> configs = new ArrayList<>();

    EnsembleDirs(Path root, int size, int tickTimeMs, int initLimit, int syncLimit) throws IOException {
        this(root, size, 0, tickTimeMs, initLimit, syncLimit);
    }

    /** {@code observers} of the {@code size} members (the highest ids) are observers. */
    EnsembleDirs(Path root, int size, int observers, int tickTimeMs, int initLimit, int syncLimit) throws IOException {
        this.root = root;
        this.size = size;
        List<Integer> ports = freePorts(size * 3);
        StringBuilder servers = new StringBuilder();
        for (int id = 1; id <= size; id++) {
            servers.append("server.").append(id).append("=127.0.0.1:").append(ports.get(2 * (id - 1))).append(':')
                    .append(ports.get(2 * (id - 1) + 1)).append(id > size - observers ? ":observer" : "").append('\n');
        }
        for (int id = 1; id <= size; id++) {
            Path data = dataDir(id);
            Files.createDirectories(data);
            Files.writeString(data.resolve("myid"), Integer.toString(id));
            String cfg = "tickTime=" + tickTimeMs + "\ninitLimit=" + initLimit + "\nsyncLimit=" + syncLimit
                    + "\ndataDir=" + data + "\nclientPort=" + ports.get(2 * size + id - 1) + "\nclientPortAddress=127.0.0.1\npreAllocSize=4096\nsnapCount=200\n"
                    + servers;
            Path file = root.resolve("zoo" + id + ".cfg");
            Files.writeString(file, cfg);
            configs.add(file);
        }
    }

    Path dataDir(int id) {
        return root.resolve("data" + id);
    }

    Path config(int id) {
        return configs.get(id - 1);
    }

    /** Deletes a member's data (keeping its myid), as a replaced disk would. */
    void wipe(int id) throws IOException {
        Path data = dataDir(id);
        try (var walk = Files.walk(data)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(data)) {
                    Files.delete(p);
                }
            }
        }
        Files.writeString(data.resolve("myid"), Integer.toString(id));
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
