package io.zabd.server.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code zabd-server cluster --nodes N [--dir ./zabd-data]}: a local ensemble for trying zabd.
 * Writes {@code <dir>/nodeI/zoo.cfg} and {@code myid} (I = 1..N) and starts one server process per
 * member, logging to {@code <dir>/nodeI/server.log}. Fixed ports on 127.0.0.1, as ZooKeeper's
 * one-host examples: client {@code 2181+I-1}, quorum {@code 2888+I-1}, election {@code 3888+I-1}
 * (shifted by {@code --port-offset K}). Prints every member's pid, port and mode, the leader and
 * the connect string, then waits; Ctrl-C / SIGTERM stops every member (SIGTERM, then kill after
 * {@link #STOP_WAIT_MS}). A member killed meanwhile stays down (watch the election).
 */
final class ClusterLauncher {
    static final int NODES_MAX = 9;
    static final long STOP_WAIT_MS = 10_000;
    static final long LEADER_WAIT_MS = 60_000;
    private static final int CLIENT_PORT = 2181;
    private static final int QUORUM_PORT = 2888;
    private static final int ELECTION_PORT = 3888;

    private final int nodes;
    private final Path dir;
    private final int offset;
    private final List<Process> processes = new ArrayList<>();

    private ClusterLauncher(int nodes, Path dir, int offset) {
        this.nodes = nodes;
        this.dir = dir;
        this.offset = offset;
    }

    /** Parses {@code --nodes N --dir D --port-offset K}; returns the exit status on failure. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        int nodes = 3;
        Path dir = Path.of("zabd-data");
        int offset = 0;
        try {
            for (int i = 1; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + args[i]);
                }
                switch (args[i]) {
                    case "--nodes" -> nodes = Integer.parseInt(args[i + 1]);
                    case "--dir" -> dir = Path.of(args[i + 1]);
                    case "--port-offset" -> offset = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (nodes < 1 || nodes > NODES_MAX) {
                throw new IllegalArgumentException("--nodes must be 1.." + NODES_MAX);
            }
            if (offset < 0 || offset > 10_000) {
                throw new IllegalArgumentException("--port-offset must be 0..10000");
            }
        } catch (IllegalArgumentException e) {
            err.println("zabd cluster: " + e.getMessage());
            err.println("usage: zabd-server cluster [--nodes 3] [--dir ./zabd-data] [--port-offset 0]");
            return Main.EXIT_USAGE;
        }
        ClusterLauncher c = new ClusterLauncher(nodes, dir, offset);
        try {
            return c.launch(out, err);
        } catch (IOException e) {
            err.println("zabd cluster: " + e.getMessage());
            c.stopAll();
            return Main.EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.stopAll();
            return Main.EXIT_FAILURE;
        }
    }

    int clientPort(int id) {
        return CLIENT_PORT + offset + id - 1;
    }

    private int launch(PrintStream out, PrintStream err) throws IOException, InterruptedException {
        StringBuilder servers = new StringBuilder();
        List<Integer> ports = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            int q = QUORUM_PORT + offset + id - 1;
            int e = ELECTION_PORT + offset + id - 1;
            ports.addAll(List.of(clientPort(id), q, e));
            servers.append("server.").append(id).append("=127.0.0.1:").append(q).append(':').append(e).append('\n');
        }
        for (int port : ports) {
            if (!free(port)) {
                throw new IOException("port " + port + " on 127.0.0.1 is in use; stop what uses it or pass --port-offset");
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "zabd-cluster-stop"));
        for (int id = 1; id <= nodes; id++) {
            Path node = dir.resolve("node" + id).toAbsolutePath();
            Files.createDirectories(node);
            Files.writeString(node.resolve("myid"), id + "\n");
            String cfg = "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=" + node + "\nclientPort=" + clientPort(id)
                    + "\nclientPortAddress=127.0.0.1\n4lw.commands.whitelist=*\n" + servers;
            Path cfgFile = node.resolve("zoo.cfg");
            Files.writeString(cfgFile, cfg);
            Process p = new ProcessBuilder(command(cfgFile)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.resolve("server.log").toFile())).start();
            processes.add(p);
            out.println("node " + id + ": pid " + p.pid() + ", client port " + clientPort(id) + ", data " + node
                    + ", log " + node.resolve("server.log"));
        }
        out.flush();
        int leader = awaitLeader();
        if (leader < 0) {
            err.println("zabd cluster: no leader within " + LEADER_WAIT_MS + " ms; see the server.log files");
        } else {
            out.println("leader: node " + leader + " (pid " + processes.get(leader - 1).pid() + ")");
        }
        StringBuilder connect = new StringBuilder();
        for (int id = 1; id <= nodes; id++) {
            connect.append(id > 1 ? "," : "").append("127.0.0.1:").append(clientPort(id));
        }
        out.println("connect string: " + connect);
        out.println("Ctrl-C stops every node.");
        out.flush();
        for (Process p : processes) {
            p.waitFor();
        }
        out.println("every node has stopped");
        return 0;
    }

    private List<String> command(Path cfg) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Xmx")) {
                cmd.add(a);
            }
        }
        String cp = System.getProperty("java.class.path");
        if (cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator)) {
            cmd.addAll(List.of("-jar", cp)); // the jar's manifest carries the module flags Agrona needs
        } else {
            cmd.addAll(List.of("-cp", cp, Main.class.getName()));
        }
        cmd.addAll(List.of("--config", cfg.toString()));
        return cmd;
    }

    /** Polls srvr on every live member until one says "Mode: leader"; its id, or -1. */
    private int awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_WAIT_MS);
        while (System.nanoTime() < deadline) {
            for (int id = 1; id <= nodes; id++) {
                if (processes.get(id - 1).isAlive() && srvr(clientPort(id)).contains("Mode: leader")) {
                    return id;
                }
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling a child process's port; no event to wait on
        }
        return -1;
    }

    static String srvr(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            s.setSoTimeout(2_000);
            s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void stopAll() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
